package io.kinesisopensearch.decode;

/** Receives what a {@link PayloadDecoder} finds in one record, in record order. */
public interface DocumentSink {

    /** A document the record carries. */
    void accept(DecodedDocument document);

    /**
     * One part of the record (a CSV line, an array element) cannot be read; the other parts still
     * map. {@code reason} names the part, for example {@code CSV line 3: expected 4 columns but found 5}.
     */
    void reject(int part, String reason);
}
