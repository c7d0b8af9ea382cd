package io.kinesisopensearch.transformer;

/** The result Firehose expects for each record, spelled as Firehose spells it. */
public enum Result {
    /** The record's data is one document to deliver. */
    OK("Ok"),
    /** Nothing to deliver for the record, on purpose: filtered, a control message, or put back as pieces. */
    DROPPED("Dropped"),
    /** The record could not be transformed; Firehose writes it to its error output. */
    PROCESSING_FAILED("ProcessingFailed");

    private final String wireName;

    Result(String wireName) {
        this.wireName = wireName;
    }

    /** The value of {@code result} in the response. */
    public String wireName() {
        return wireName;
    }
}
