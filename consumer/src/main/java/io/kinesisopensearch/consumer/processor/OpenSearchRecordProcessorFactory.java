package io.kinesisopensearch.consumer.processor;

import java.util.Map;
import software.amazon.kinesis.common.StreamIdentifier;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;

/**
 * Gives KCL a processor for each shard lease, with the {@link ProcessorContext} of the shard's
 * stream: its name for the records' coordinates and its mapping; everything else in the contexts
 * is the worker's, shared.
 */
public final class OpenSearchRecordProcessorFactory implements ShardRecordProcessorFactory {

    private final Map<String, ProcessorContext> contexts;

    /** A factory for one stream. */
    public OpenSearchRecordProcessorFactory(ProcessorContext context) {
        this(Map.of(context.streamName(), context));
    }

    /** A factory for the streams of {@code contexts}, keyed by stream name. */
    public OpenSearchRecordProcessorFactory(Map<String, ProcessorContext> contexts) {
        if (contexts.isEmpty()) {
            throw new IllegalArgumentException("no stream");
        }
        this.contexts = Map.copyOf(contexts);
    }

    /** KCL calls this (single-stream mode) only where it does not know the stream; one stream is meant. */
    @Override
    public ShardRecordProcessor shardRecordProcessor() {
        if (contexts.size() != 1) {
            throw new IllegalStateException("Several streams: KCL must name the shard's stream");
        }
        return new OpenSearchRecordProcessor(contexts.values().iterator().next());
    }

    @Override
    public ShardRecordProcessor shardRecordProcessor(StreamIdentifier stream) {
        ProcessorContext context = contexts.get(stream.streamName());
        if (context == null) {
            // Leases of a stream no longer listed (kept so it can come back) must not be read with another's mapping.
            throw new IllegalStateException("Stream " + stream.streamName() + " is not one of " + contexts.keySet());
        }
        return new OpenSearchRecordProcessor(context);
    }
}
