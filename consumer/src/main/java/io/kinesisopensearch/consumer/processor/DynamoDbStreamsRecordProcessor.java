package io.kinesisopensearch.consumer.processor;

import com.amazonaws.services.dynamodbv2.streamsadapter.adapter.DynamoDBStreamsClientRecord;
import com.amazonaws.services.dynamodbv2.streamsadapter.model.DynamoDBStreamsProcessRecordsInput;
import com.amazonaws.services.dynamodbv2.streamsadapter.processor.DynamoDBStreamsShardRecordProcessor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * Follows one shard of a table's DynamoDB Stream: the adapter's records are given the shape of
 * Kinesis Data Streams for DynamoDB records ({@link StreamRecordShape}) and handed, with their
 * sequence numbers and checkpointer, to an {@link OpenSearchRecordProcessor}, which batches,
 * writes, dead-letters and checkpoints them as it does a Kinesis shard's. The adapter's task
 * factory calls only processors of its own interface.
 */
final class DynamoDbStreamsRecordProcessor implements DynamoDBStreamsShardRecordProcessor {

    private final OpenSearchRecordProcessor shard;
    private final String table;

    DynamoDbStreamsRecordProcessor(ProcessorContext context) {
        this.shard = new OpenSearchRecordProcessor(context);
        this.table = context.streamName();
    }

    /** Processors for the one table of {@code context}. */
    static ShardRecordProcessorFactory factory(ProcessorContext context) {
        return new ShardRecordProcessorFactory() {
            @Override
            public ShardRecordProcessor shardRecordProcessor() {
                return new DynamoDbStreamsRecordProcessor(context);
            }
        };
    }

    @Override
    public void initialize(InitializationInput input) {
        shard.initialize(input);
    }

    @Override
    public void processRecords(DynamoDBStreamsProcessRecordsInput input) {
        List<KinesisClientRecord> records = new ArrayList<>(input.records().size());
        for (DynamoDBStreamsClientRecord record : input.records()) {
            ByteBuffer data = record.data().duplicate();
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            records.add(record.toBuilder().data(ByteBuffer.wrap(StreamRecordShape.kinesisShape(bytes, table))).build());
        }
        shard.processRecords(ProcessRecordsInput.builder()
                .records(records)
                .checkpointer(input.checkpointer())
                .millisBehindLatest(input.millisBehindLatest())
                .isAtShardEnd(input.isAtShardEnd())
                .childShards(input.childShards())
                .cacheEntryTime(input.cacheEntryTime())
                .cacheExitTime(input.cacheExitTime())
                .build());
    }

    @Override
    public void leaseLost(LeaseLostInput input) {
        shard.leaseLost(input);
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
        shard.shardEnded(input);
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
        shard.shutdownRequested(input);
    }
}
