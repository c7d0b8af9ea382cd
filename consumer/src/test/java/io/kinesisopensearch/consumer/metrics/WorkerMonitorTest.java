package io.kinesisopensearch.consumer.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.mapping.RecordMapper;
import io.kinesisopensearch.record.RecordCoordinates;
import io.kinesisopensearch.record.SourceRecord;
import io.kinesisopensearch.retry.RetryPolicy;
import io.kinesisopensearch.sink.OpenSearchSink;
import io.kinesisopensearch.sink.batch.Ledger;
import io.kinesisopensearch.sink.batch.RecordBatch;
import io.kinesisopensearch.sink.bulk.BulkConfig;
import io.kinesisopensearch.sink.bulk.Deadline;
import io.kinesisopensearch.sink.bulk.OutOfTimeException;
import io.kinesisopensearch.sink.bulk.WriteCounters;
import io.kinesisopensearch.sink.client.OpenSearchClients;
import io.kinesisopensearch.sink.client.OpenSearchConfig;
import io.kinesisopensearch.sink.testing.TestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.coordinator.WorkerStateChangeListener.WorkerState;

/**
 * What the container's health check sees of a stalled shard: a processor thread blocked fails
 * {@code /health} and {@code /ready}, so that ECS replaces the task; a shard held by OpenSearch being
 * away does not, since a new task would meet the same outage.
 */
class WorkerMonitorTest {

    private static final Duration STALL_AFTER = Duration.ofMillis(300);

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aBlockedProcessorThreadFailsHealthAndReadinessAndAnOutageDoesNot() throws Exception {
        MetricsConfig config = new MetricsConfig(true, 0, Duration.ZERO, "text",
                new WatchConfig(Optional.empty(), Optional.empty(), STALL_AFTER, false));
        try (WorkerMonitor monitor = new WorkerMonitor("orders-indexer", "worker-1", config, new WriteCounters(),
                Duration.ofSeconds(10))) {
            monitor.serve(() -> true);
            monitor.readiness().onWorkerStateChange(WorkerState.STARTED);
            int port = monitor.port().orElseThrow();
            ShardGauges shards = monitor.metrics().shards();

            // A flush that waits for OpenSearch, away, in a delivery that does not return.
            ShardGauges.Shard waiting = shards.open("orders", "shardId-000000000001", flushedWhileAway());
            waiting.pending(1, System.currentTimeMillis());
            waiting.deliveryStarted();
            Thread.sleep(STALL_AFTER.toMillis() * 2);
            assertThat(waiting.stall()).map(Stall::reason).hasValue(Stall.Reason.OPENSEARCH_UNAVAILABLE);
            assertThat(status(port, "/health")).as("an outage is no reason to restart").isEqualTo(200);
            assertThat(status(port, "/ready")).isEqualTo(200);

            // A delivery that does not return, with nothing to wait for: the thread is blocked.
            ShardGauges.Shard blocked = shards.open("orders", "shardId-000000000002");
            blocked.deliveryStarted();
            Thread.sleep(STALL_AFTER.toMillis() * 2);
            assertThat(blocked.stall()).map(Stall::reason).hasValue(Stall.Reason.PROCESSOR_BLOCKED);
            assertThat(status(port, "/health")).as("only a restart frees the thread").isEqualTo(503);
            assertThat(status(port, "/ready")).isEqualTo(503);

            blocked.deliveryEnded();
            assertThat(status(port, "/health")).isEqualTo(200);
            assertThat(status(port, "/ready")).isEqualTo(200);
        }
    }

    /** A ledger whose flush ran out of time against an OpenSearch nobody listens for: it waits for a retry. */
    private static Ledger flushedWhileAway() throws Exception {
        BulkConfig bulk = new BulkConfig(1_000, 1_048_576, Duration.ofSeconds(1), 10_485_760, 2,
                new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(100)));
        try (OpenSearchSink sink = OpenSearchSink.builder()
                .client(OpenSearchClients.create(OpenSearchConfig.from(Settings.of(Map.of(
                        "opensearch.url", "http://127.0.0.1:" + TestSupport.deadPort())))))
                .bulk(bulk).deadLetters(TestSupport.memorySink(new ArrayList<>(), 0)).build()) {
            Ledger ledger = new Ledger("orders", "shardId-000000000001");
            RecordBatch batch = sink.newBatch(ledger);
            sink.add(batch, new SourceRecord(new RecordCoordinates("orders", "shardId-000000000001", "1", 0, "key", null),
                    "{\"a\":1}".getBytes(StandardCharsets.UTF_8)),
                    RecordMapper.from(Settings.of(Map.of("opensearch.index", "orders"))));
            assertThatThrownBy(() -> sink.flush(batch, Deadline.in(Duration.ofMillis(300))))
                    .isInstanceOf(OutOfTimeException.class);
            sink.client()._transport().close();
            return ledger;
        }
    }

    private int status(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
