package io.kinesisopensearch.lambda;

import io.kinesisopensearch.record.SourceRecord;

/**
 * One record of an event, as the mapping reads it and as Lambda names it in a batch item failure.
 *
 * @param record         the record's bytes and coordinates
 * @param itemIdentifier its sequence number, what a {@code batchItemFailures} entry names
 */
public record EventRecord(SourceRecord record, String itemIdentifier) {
}
