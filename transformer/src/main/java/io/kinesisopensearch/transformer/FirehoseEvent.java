package io.kinesisopensearch.transformer;

import io.kinesisopensearch.record.RecordCoordinates;
import java.time.Instant;
import java.util.List;

/**
 * A Firehose data-transformation event, the one aws-lambda-java-events models as
 * {@code KinesisFirehoseEvent}: the delivery stream, the source stream when Firehose reads a Kinesis
 * stream, and the records.
 *
 * @param invocationId           Firehose's id of this invocation
 * @param deliveryStreamArn      the delivery stream, where pieces are put back
 * @param sourceKinesisStreamArn the Kinesis stream the delivery stream reads, or {@code null} for
 *                               Direct PUT (and CloudWatch Logs subscriptions, which use Direct PUT)
 * @param region                 the region of the delivery stream
 * @param records                the records, in Firehose's order
 */
public record FirehoseEvent(String invocationId, String deliveryStreamArn, String sourceKinesisStreamArn,
        String region, List<Record> records) {

    /** The shard name given to Direct PUT records, which have no shard. */
    public static final String DIRECT_PUT_SHARD = "direct-put";

    public FirehoseEvent {
        records = List.copyOf(records);
    }

    /** True when the delivery stream reads a Kinesis stream: Firehose then refuses PutRecordBatch. */
    public boolean hasKinesisSource() {
        return sourceKinesisStreamArn != null;
    }

    /** The delivery stream's name, the last part of its ARN ({@code ...:deliverystream/NAME}). */
    public String deliveryStreamName() {
        return nameOf(deliveryStreamArn);
    }

    /**
     * Where {@code record} sits, for the mapping's ids, metadata field and error messages. A record
     * read from Kinesis has its real coordinates, the same the consumer sees. A Direct PUT record has
     * only a record id and an arrival time, so it is named honestly after those: stream = delivery
     * stream name, shard = {@value #DIRECT_PUT_SHARD}, sequence number = record id.
     */
    public RecordCoordinates coordinates(Record record) {
        KinesisMetadata kinesis = record.kinesis();
        if (kinesis != null && kinesis.shardId() != null && kinesis.sequenceNumber() != null) {
            String stream = hasKinesisSource() ? nameOf(sourceKinesisStreamArn) : deliveryStreamName();
            Instant arrival = kinesis.arrivalTime() != null ? kinesis.arrivalTime() : record.arrivalTime();
            return new RecordCoordinates(stream, kinesis.shardId(), kinesis.sequenceNumber(),
                    kinesis.subsequenceNumber(), kinesis.partitionKey(), arrival);
        }
        return new RecordCoordinates(deliveryStreamName(), DIRECT_PUT_SHARD, record.recordId(), 0, null,
                record.arrivalTime());
    }

    private static String nameOf(String arn) {
        if (arn == null) {
            return "unknown";
        }
        int slash = arn.lastIndexOf('/');
        return slash >= 0 ? arn.substring(slash + 1) : arn;
    }

    /**
     * One record of the event.
     *
     * @param recordId    Firehose's id, answered with the result
     * @param arrivalTime when Firehose received it ({@code approximateArrivalTimestamp}), or null
     * @param data        the decoded bytes, or {@code null} when {@code dataError} says why not
     * @param dataError   why the data could not be read (not base64, missing), or {@code null}
     * @param kinesis     the Kinesis metadata of a record read from a Kinesis stream, or {@code null}
     */
    public record Record(String recordId, Instant arrivalTime, byte[] data, String dataError, KinesisMetadata kinesis) {

        @Override
        public String toString() {
            return "Record[" + recordId + ", " + (data == null ? dataError : data.length + " bytes") + "]";
        }
    }

    /** {@code kinesisRecordMetadata}: where a record read from a Kinesis stream came from. */
    public record KinesisMetadata(String shardId, String sequenceNumber, long subsequenceNumber, String partitionKey,
            Instant arrivalTime) {
    }
}
