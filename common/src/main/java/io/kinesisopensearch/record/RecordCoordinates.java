package io.kinesisopensearch.record;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a record sits in Kinesis: stream, shard, sequence number and, for a record that KPL
 * aggregated with others, its sub-sequence number. Errors and dead letters name a record by these.
 *
 * @param stream            the stream name
 * @param shardId           the shard id, for example {@code shardId-000000000001}
 * @param sequenceNumber    the sequence number Kinesis gave the (outer, aggregated) record
 * @param subSequenceNumber the position inside a KPL-aggregated record; 0 for a plain record
 * @param partitionKey      the partition key, or {@code null} where the source does not give one
 * @param arrivalTime       the approximate arrival time, or {@code null} where the source does not give one
 */
public record RecordCoordinates(
        String stream,
        String shardId,
        String sequenceNumber,
        long subSequenceNumber,
        String partitionKey,
        Instant arrivalTime) {

    /**
     * Coordinates of one record.
     *
     * @param stream            the stream name
     * @param shardId           the shard id
     * @param sequenceNumber    the sequence number of the (outer, aggregated) record
     * @param subSequenceNumber the position inside a KPL-aggregated record; 0 for a plain record
     * @param partitionKey      the partition key, or {@code null}
     * @param arrivalTime       the approximate arrival time, or {@code null}
     * @throws NullPointerException when {@code stream}, {@code shardId} or {@code sequenceNumber} is null
     */
    public RecordCoordinates {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(shardId, "shardId");
        Objects.requireNonNull(sequenceNumber, "sequenceNumber");
    }

    /**
     * A document id that is the same every time this record is read, so that a replay rewrites
     * documents instead of adding new ones.
     *
     * @return {@code stream:shard:sequence:subSequence}
     */
    public String documentId() {
        return stream + ':' + shardId + ':' + sequenceNumber + ':' + subSequenceNumber;
    }

    /** A short description for log lines and error messages. */
    @Override
    public String toString() {
        String position = subSequenceNumber == 0 ? sequenceNumber : sequenceNumber + "/" + subSequenceNumber;
        return "stream=" + stream + " shard=" + shardId + " sequence=" + position;
    }
}
