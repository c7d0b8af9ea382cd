package io.kinesisopensearch.transformer;

/**
 * The answer for one record.
 *
 * @param recordId the record's id, as Firehose gave it
 * @param result   Ok, Dropped or ProcessingFailed
 * @param data     the one document of an {@code Ok} record; {@code null} otherwise
 */
public record Answer(String recordId, Result result, byte[] data) {

    public Answer {
        if ((result == Result.OK) != (data != null)) {
            throw new IllegalArgumentException("an Ok answer carries data, and only an Ok answer");
        }
    }
}
