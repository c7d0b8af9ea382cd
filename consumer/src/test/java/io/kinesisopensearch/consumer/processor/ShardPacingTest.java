package io.kinesisopensearch.consumer.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.consumer.metrics.ShardGauges;
import io.kinesisopensearch.consumer.metrics.WorkerMetrics;
import io.kinesisopensearch.mapping.RecordMapper;
import io.kinesisopensearch.retry.RetryPolicy;
import io.kinesisopensearch.sink.OpenSearchSink;
import io.kinesisopensearch.sink.batch.Ledger;
import io.kinesisopensearch.sink.bulk.BulkConfig;
import io.kinesisopensearch.sink.bulk.WriteCounters;
import io.kinesisopensearch.sink.client.OpenSearchClients;
import io.kinesisopensearch.sink.client.OpenSearchConfig;
import io.kinesisopensearch.sink.deadletter.DeadLetter;
import io.kinesisopensearch.sink.testing.TestSupport;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.retrieval.KinesisClientRecord;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;

/**
 * When a shard processor flushes and checkpoints. The records are poison, so a flush stores them
 * as dead letters and needs no OpenSearch: what is flushed shows in the dead letters, what is
 * checkpointed in the checkpointer's calls.
 */
class ShardPacingTest {

    /** Batches that never fill or age during a test: only the pacing flushes them. */
    private static final BulkConfig BULK = new BulkConfig(1_000, 1_048_576, Duration.ofHours(1), 10_485_760, 2,
            new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(100)));

    private final OpenSearchClient openSearch = OpenSearchClients.create(OpenSearchConfig.from(Settings.of(Map.of(
            "opensearch.url", "http://127.0.0.1:" + TestSupport.deadPort()))));
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final List<String> checkpoints = new ArrayList<>();
    private final RecordProcessorCheckpointer checkpointer = checkpointer(checkpoints);
    private int nextSequence = 1;
    private OpenSearchSink sink;
    private WorkerMetrics metrics;

    @AfterEach
    void close() throws Exception {
        openSearch._transport().close();
    }

    @Test
    void aCaughtUpShardIsFlushedAtOnceAndCheckpointedAtMostOncePerInterval() {
        OpenSearchRecordProcessor shard = processor(new ShardPacing(true, Duration.ofHours(1)));

        shard.processRecords(delivery(0L, "{a", "{b"));
        assertThat(deadLetters).as("flushed at the end of a caught-up delivery").hasSize(2);
        assertThat(checkpoints).as("the first flush is checkpointed at once").containsExactly("2");

        shard.processRecords(delivery(0L, "{c"));
        shard.processRecords(delivery(0L));
        assertThat(deadLetters).hasSize(3);
        assertThat(checkpoints).as("the next checkpoint waits for the interval").containsExactly("2");

        shard.shutdownRequested(ShutdownRequestedInput.builder().checkpointer(checkpointer).build());
        assertThat(checkpoints).as("a graceful stop checkpoints what was written").containsExactly("2", "3");
    }

    @Test
    void aShardThatIsBehindFillsItsBatch() {
        OpenSearchRecordProcessor shard = processor(new ShardPacing(true, Duration.ZERO));

        shard.processRecords(delivery(5_000L, "{a"));
        shard.processRecords(delivery(null, "{b"));
        assertThat(deadLetters).as("behind, or not told: the batch waits for its limits").isEmpty();

        shard.processRecords(delivery(0L, "{c"));
        assertThat(deadLetters).hasSize(3);
        assertThat(checkpoints).containsExactly("3");
    }

    @Test
    void withoutFlushingWhenCaughtUpTheBatchWaits() {
        OpenSearchRecordProcessor shard = processor(new ShardPacing(false, Duration.ZERO));

        shard.processRecords(delivery(0L, "{a"));
        assertThat(deadLetters).isEmpty();
        assertThat(checkpoints).isEmpty();
    }

    @Test
    void aPendingCheckpointIsWrittenByTheNextDeliveryDue() throws Exception {
        OpenSearchRecordProcessor shard = processor(new ShardPacing(true, Duration.ofMillis(50)));

        shard.processRecords(delivery(0L, "{a"));
        shard.processRecords(delivery(0L, "{b"));
        assertThat(checkpoints).containsExactly("1");
        Thread.sleep(60);
        shard.processRecords(delivery(0L));
        assertThat(checkpoints).containsExactly("1", "2");
    }

    @Test
    void aNegativeIntervalIsABadSetting() {
        assertThatThrownBy(() -> ShardPacing.from(Settings.of(Map.of(ShardPacing.CHECKPOINT_INTERVAL, "-1s"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining(ShardPacing.CHECKPOINT_INTERVAL);
    }

    /** Records read are counted in the shard's ledger, settled once flushed, released when the lease goes. */
    @Test
    void eachRecordReadIsAccountedForInTheShardsLedger() {
        OpenSearchRecordProcessor shard = processor(new ShardPacing(true, Duration.ZERO));

        shard.processRecords(delivery(0L, "{a", "{b"));
        shard.processRecords(delivery(5_000L, "{c"));

        ShardGauges.Shard gauges = metrics.shards().all().iterator().next();
        assertThat(gauges.account()).as("two dead letters, one record in the batch")
                .isEqualTo(new Ledger.Account(3, 0, 0, 0, 2, 0, 1));
        assertThat(gauges.retention()).isEqualTo(Duration.ofHours(6));
        shard.leaseLost(LeaseLostInput.builder().build());
        WriteCounters.Snapshot stats = sink.counters().snapshot();
        assertThat(stats.recordsReceived()).isEqualTo(3);
        assertThat(stats.recordsReleased()).as("dropped with the lease").isEqualTo(1);
        assertThat(stats.recordsUnsettled()).isZero();
        assertThat(stats.ledgerBreaks()).isZero();
        assertThat(metrics.shards().size()).as("the shard's meters went with the lease").isZero();
    }

    private OpenSearchRecordProcessor processor(ShardPacing pacing) {
        sink = OpenSearchSink.builder().client(openSearch).bulk(BULK)
                .deadLetters(TestSupport.memorySink(deadLetters, 0)).build();
        metrics = new WorkerMetrics(sink.counters());
        ProcessorContext context = new ProcessorContext("orders",
                RecordMapper.from(Settings.of(Map.of("opensearch.index", "orders"))), sink, pacing, metrics,
                stream -> Duration.ofHours(6));
        OpenSearchRecordProcessor shard = new OpenSearchRecordProcessor(context);
        shard.initialize(InitializationInput.builder().shardId("shardId-000000000000")
                .extendedSequenceNumber(ExtendedSequenceNumber.TRIM_HORIZON).build());
        return shard;
    }

    private ProcessRecordsInput delivery(Long millisBehindLatest, String... payloads) {
        List<KinesisClientRecord> records = new ArrayList<>();
        for (String payload : payloads) {
            records.add(KinesisClientRecord.builder()
                    .data(ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8)))
                    .sequenceNumber(Integer.toString(nextSequence++))
                    .partitionKey("key")
                    .approximateArrivalTimestamp(Instant.now())
                    .build());
        }
        return ProcessRecordsInput.builder().records(records).checkpointer(checkpointer)
                .millisBehindLatest(millisBehindLatest).build();
    }

    /** Notes the sequence number of each checkpoint; KCL's interface has many more methods, unused here. */
    private static RecordProcessorCheckpointer checkpointer(List<String> calls) {
        return (RecordProcessorCheckpointer) Proxy.newProxyInstance(ShardPacingTest.class.getClassLoader(),
                new Class<?>[] {RecordProcessorCheckpointer.class}, (proxy, method, args) -> {
                    if (method.getName().equals("checkpoint") && args != null && args[0] instanceof String sequence) {
                        calls.add(sequence);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
