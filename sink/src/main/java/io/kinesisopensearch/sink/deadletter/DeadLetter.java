package io.kinesisopensearch.sink.deadletter;

import io.kinesisopensearch.record.RecordCoordinates;
import io.kinesisopensearch.record.SourceRecord;
import java.time.Instant;
import java.util.Objects;

/**
 * A record that could not be indexed, kept with the reason so that it can be fixed and replayed:
 * either the mapping refused it, or OpenSearch refused one of its documents for good.
 *
 * @param record   the original record, coordinates and bytes
 * @param reason   why, in one line
 * @param failedAt when it was given up on
 */
public record DeadLetter(SourceRecord record, String reason, Instant failedAt) {

    /**
     * A dead letter.
     *
     * @param record   the original record
     * @param reason   why, in one line
     * @param failedAt when it was given up on
     * @throws NullPointerException when any of them is null
     */
    public DeadLetter {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(failedAt, "failedAt");
    }

    /**
     * Where the record came from.
     *
     * @return the record's coordinates
     */
    public RecordCoordinates coordinates() {
        return record.coordinates();
    }
}
