package io.kinesisopensearch.consumer.processor;

import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;

/** Gives KCL a processor for each shard lease; all of them share one {@link ProcessorContext}. */
public final class OpenSearchRecordProcessorFactory implements ShardRecordProcessorFactory {

    private final ProcessorContext context;

    public OpenSearchRecordProcessorFactory(ProcessorContext context) {
        this.context = context;
    }

    @Override
    public ShardRecordProcessor shardRecordProcessor() {
        return new OpenSearchRecordProcessor(context);
    }
}
