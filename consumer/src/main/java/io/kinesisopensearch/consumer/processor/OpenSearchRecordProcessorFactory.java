package io.kinesisopensearch.consumer.processor;

import io.kinesisopensearch.consumer.metrics.ShardGauges;
import io.kinesisopensearch.consumer.metrics.WorkerMetrics;
import io.kinesisopensearch.mapping.MappingConfig;
import io.kinesisopensearch.mapping.RecordMapper;
import io.kinesisopensearch.sink.OpenSearchSink;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.StreamIdentifier;
import software.amazon.kinesis.processor.ProcessorConfig;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;

/**
 * KCL's factory of shard processors that keep OpenSearch in step with the shards: records are
 * mapped (hooks included) into batches, flushed through an {@link OpenSearchSink}, and a shard is
 * checkpointed only past records OpenSearch acknowledged or the dead letters hold. Refusals an
 * operator must fix are held and retried, never dead-lettered; a record that does not map, or whose
 * hook throws, is a dead letter and the shard goes on.
 *
 * <p>For a KCL application of your own, with your lease table, your KCL metrics and your
 * {@code Scheduler}:
 * <pre>{@code
 * OpenSearchSink sink = OpenSearchSink.fromSettings(settings);
 * ShardRecordProcessorFactory processors = OpenSearchRecordProcessorFactory.builder()
 *         .sink(sink)
 *         .stream("orders", MappingConfig.from(settings).withHooks(MappingHooks.of(new TotalHook())))
 *         .build();
 * ConfigsBuilder configs = new ConfigsBuilder("orders", "orders-indexer", kinesis, dynamoDb, cloudWatch,
 *         workerId, processors);
 * Scheduler scheduler = new Scheduler(configs.checkpointConfig(), configs.coordinatorConfig(),
 *         configs.leaseManagementConfig(), configs.lifecycleConfig(), configs.metricsConfig(),
 *         OpenSearchRecordProcessorFactory.processorConfig(configs), configs.retrievalConfig());
 * }</pre>
 * {@link #processorConfig} asks KCL for empty deliveries too, so that a quiet shard's batch is
 * flushed once {@code bulk.max-wait} has passed; without it a batch waits for the next record.
 */
public final class OpenSearchRecordProcessorFactory implements ShardRecordProcessorFactory {

    private final Map<String, ProcessorContext> contexts;

    OpenSearchRecordProcessorFactory(Map<String, ProcessorContext> contexts) {
        if (contexts.isEmpty()) {
            throw new IllegalArgumentException("no stream");
        }
        this.contexts = Map.copyOf(contexts);
    }

    /**
     * A builder: give it a sink and at least one stream.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * KCL's processor configuration from {@code configs}, with empty deliveries asked for: what the
     * processors need to flush a quiet shard on time.
     *
     * @param configs the application's KCL configuration, whose processor factory is one of these
     * @return its processor configuration, changed as above
     */
    public static ProcessorConfig processorConfig(ConfigsBuilder configs) {
        return configs.processorConfig().callProcessRecordsEvenForEmptyRecordList(true);
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
            if (contexts.size() == 1 && stream.streamCreationEpochOptional().isEmpty()) {
                // Single-stream mode reads one stream, whatever KCL calls it (an ARN, say): it is the one given.
                return shardRecordProcessor();
            }
            // Leases of a stream no longer listed (kept so it can come back) must not be read with another's mapping.
            throw new IllegalStateException("Stream " + stream.streamName() + " is not one of " + contexts.keySet());
        }
        return new OpenSearchRecordProcessor(context);
    }

    /** Builds the factory. Not thread-safe; the factory it builds is. */
    public static final class Builder {
        private final Map<String, RecordMapper> streams = new LinkedHashMap<>();
        private OpenSearchSink sink;
        private ShardPacing pacing = ShardPacing.DEFAULT;
        private WorkerMetrics metrics;
        private MeterRegistry registry;
        private Function<String, Duration> retention = stream -> ShardGauges.DEFAULT_RETENTION;

        private Builder() {
        }

        /**
         * Where the documents and dead letters go; shared by every shard and stream. Required. The
         * factory does not close it.
         *
         * @param value the sink
         * @return this builder
         */
        public Builder sink(OpenSearchSink value) {
            this.sink = Objects.requireNonNull(value);
            return this;
        }

        /**
         * A stream read by the scheduler, by the name KCL gives it, and how its records map. One is
         * required; several for KCL's multi-stream mode.
         *
         * @param name   the stream's name, as in its {@code StreamIdentifier}
         * @param mapper how its records map
         * @return this builder
         * @throws IllegalArgumentException when {@code name} was given before
         */
        public Builder stream(String name, RecordMapper mapper) {
            if (streams.putIfAbsent(Objects.requireNonNull(name), Objects.requireNonNull(mapper)) != null) {
                throw new IllegalArgumentException("stream " + name + " given twice");
            }
            return this;
        }

        /**
         * {@link #stream(String, RecordMapper)} with a mapper for {@code mapping}, its hooks included.
         *
         * @param name    the stream's name, as in its {@code StreamIdentifier}
         * @param mapping how its records map
         * @return this builder
         * @throws IllegalArgumentException when {@code name} was given before
         */
        public Builder stream(String name, MappingConfig mapping) {
            return stream(name, new RecordMapper(mapping));
        }

        /**
         * When shards flush and checkpoint beside the batch limits; {@link ShardPacing#DEFAULT} if not given.
         *
         * @param value the pacing
         * @return this builder
         */
        public Builder pacing(ShardPacing value) {
            this.pacing = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Where the processors' meters go: the sink's counters, bulk and mapping latency, per-shard
         * lag, pending records, ledger, retention left and stalls. Without one they are kept in
         * memory only.
         *
         * @param value the registry
         * @return this builder
         */
        public Builder meterRegistry(MeterRegistry value) {
            this.registry = Objects.requireNonNull(value);
            return this;
        }

        /**
         * The meters of a whole worker ({@code ConsumerWorker}'s); they win over {@link #meterRegistry}.
         *
         * @param value the worker's meters
         * @return this builder
         */
        public Builder metrics(WorkerMetrics value) {
            this.metrics = Objects.requireNonNull(value);
            return this;
        }

        /**
         * How long the source keeps each stream's records, by the stream's name, for the gauge of the
         * time left before a shard's oldest record not yet acknowledged is deleted; 24 hours (Kinesis's
         * default, DynamoDB Streams' fixed period) if not given. Asked once per shard lease.
         *
         * @param value the retention of a stream, by its name
         * @return this builder
         */
        public Builder retention(Function<String, Duration> value) {
            this.retention = Objects.requireNonNull(value);
            return this;
        }

        /**
         * The factory for Kinesis data streams.
         *
         * @return the factory, thread-safe
         * @throws IllegalStateException without a sink or without a stream
         */
        public OpenSearchRecordProcessorFactory build() {
            return new OpenSearchRecordProcessorFactory(contexts());
        }

        /**
         * The factory for a DynamoDB table's stream read through AWS's DynamoDB Streams Kinesis
         * adapter, whose scheduler takes only processors of its own interface: one stream, named after
         * the table, mapped with {@code mapping.format=dynamodb}.
         *
         * @return the factory, thread-safe
         * @throws IllegalStateException without a sink, or without exactly one stream
         */
        public ShardRecordProcessorFactory buildForDynamoDbStreams() {
            Map<String, ProcessorContext> contexts = contexts();
            if (contexts.size() != 1) {
                throw new IllegalStateException("a DynamoDB stream is one stream, named after its table");
            }
            return DynamoDbStreamsRecordProcessor.factory(contexts.values().iterator().next());
        }

        private Map<String, ProcessorContext> contexts() {
            if (sink == null) {
                throw new IllegalStateException("no sink: call sink(...)");
            }
            if (streams.isEmpty()) {
                throw new IllegalStateException("no stream: call stream(...)");
            }
            WorkerMetrics meters = metrics != null ? metrics
                    : new WorkerMetrics(sink.counters(), registry != null ? registry : new SimpleMeterRegistry());
            Map<String, ProcessorContext> contexts = new LinkedHashMap<>();
            streams.forEach((name, mapper) -> contexts.put(name,
                    new ProcessorContext(name, mapper, sink, pacing, meters, retention)));
            return contexts;
        }
    }
}
