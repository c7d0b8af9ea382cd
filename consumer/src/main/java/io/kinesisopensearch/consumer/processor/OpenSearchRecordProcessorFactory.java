package io.kinesisopensearch.consumer.processor;

import io.kinesisopensearch.consumer.WorkerStats;
import io.kinesisopensearch.consumer.bulk.BulkWriter;
import io.kinesisopensearch.mapping.RecordMapper;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;

/** Gives KCL a processor for each shard lease; all of them share the mapper, the writer and the counters. */
public final class OpenSearchRecordProcessorFactory implements ShardRecordProcessorFactory {

    private final String streamName;
    private final RecordMapper mapper;
    private final BulkWriter writer;
    private final WorkerStats stats;

    public OpenSearchRecordProcessorFactory(String streamName, RecordMapper mapper, BulkWriter writer, WorkerStats stats) {
        this.streamName = streamName;
        this.mapper = mapper;
        this.writer = writer;
        this.stats = stats;
    }

    @Override
    public ShardRecordProcessor shardRecordProcessor() {
        return new OpenSearchRecordProcessor(streamName, mapper, writer, stats);
    }
}
