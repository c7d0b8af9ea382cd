package io.kinesisopensearch.decode;

import io.kinesisopensearch.record.MappingException;
import io.kinesisopensearch.record.SourceRecord;

/**
 * The seam between a record's bytes and the documents they carry: one implementation per payload
 * format. Implementations are immutable and thread-safe.
 */
public interface PayloadDecoder {

    /**
     * Decodes {@code record}, handing each document it carries to {@code sink}; a record may carry
     * none (a CloudWatch Logs control message), one, or many (CSV lines, log events, array elements).
     *
     * @throws MappingException when the record as a whole cannot be read (bad JSON, corrupt gzip, ...);
     *                          a bad part of a readable record goes to {@link DocumentSink#reject} instead
     */
    void decode(SourceRecord record, DocumentSink sink) throws MappingException;
}
