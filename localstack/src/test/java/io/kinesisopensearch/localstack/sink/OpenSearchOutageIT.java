package io.kinesisopensearch.localstack.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kinesisopensearch.consumer.ConsumerWorker;
import io.kinesisopensearch.consumer.metrics.ShardWatch;
import io.kinesisopensearch.consumer.metrics.Stall;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.OpenSearchNode;
import io.kinesisopensearch.localstack.StreamProducer;
import io.kinesisopensearch.localstack.testing.BackgroundProducer;
import io.kinesisopensearch.localstack.testing.Documents;
import io.kinesisopensearch.localstack.testing.Figures;
import io.kinesisopensearch.localstack.testing.Ledgers;
import io.kinesisopensearch.localstack.testing.LogLines;
import io.kinesisopensearch.localstack.testing.Orders;
import io.kinesisopensearch.localstack.testing.Scrape;
import io.kinesisopensearch.localstack.testing.Workers;
import io.kinesisopensearch.sink.batch.Ledger;
import io.kinesisopensearch.sink.bulk.WriteCounters;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * OpenSearch goes away for a minute while orders keep coming: the worker holds its batches, retries,
 * and once OpenSearch is back every order is indexed once and the checkpoints reach the stream's end.
 * With the stream's retention said to be two minutes ({@code source.retention}), the outage also
 * shows what an operator is told before records expire: each shard's time left shrinks on
 * {@code /metrics} and a WARN names the shards under {@code source.retention-warning}; the shards
 * are reported stalled for OpenSearch being away, and {@code /health} and {@code /ready} stay 200, since
 * restarting the worker would not bring OpenSearch back.
 */
@ExtendWith(LocalStackExtension.class)
class OpenSearchOutageIT {

    private static final int ORDERS = 3_000;
    private static final Duration OUTAGE = Duration.ofSeconds(60);
    private static final Duration RETENTION = Duration.ofMinutes(2);
    private static final Duration WARNING = Duration.ofSeconds(90);

    @Test
    void nothingIsLostOrDuplicatedWhenOpenSearchIsDownForAMinute(LocalStack stack) throws Exception {
        Figures figures = new Figures("opensearch-outage");
        OpenSearchNode node = stack.startOpenSearchNode(Map.of());
        String stream = Workers.unique("outage");
        String index = stream;
        stack.createStream(stream, 2);
        stack.leaseTable(stream).prepareWithLeases(stream);
        Map<String, String> settings = Workers.settings(stack, stream, stream, index);
        settings.put("OPENSEARCH_URL", node.endpoint().toString());
        settings.put("BULK_RETRY_MAX_DELAY", "5s");
        settings.put("SOURCE_RETENTION", "2m");
        settings.put("SOURCE_RETENTION_WARNING", "90s");
        settings.put("WORKER_STALL_AFTER", "10s");
        StreamProducer producer = new StreamProducer(stack.kinesis(), stream);
        LogLines watch = LogLines.of(ShardWatch.class);

        ConsumerWorker worker = Workers.start(settings);
        int port = worker.metricsPort().orElseThrow();
        CompletableFuture<Void> producing = BackgroundProducer.start(producer, Orders.range(0, ORDERS), 100, 250);
        await().atMost(Duration.ofMinutes(2)).until(() -> node.searchableDocuments(index) >= 500);
        double retentionLeftBefore = minimum(Scrape.metrics(port).byLabel(ShardGaugesNames.RETENTION_LEFT, "shard"));

        node.stop();
        long outageStarted = System.nanoTime();
        // Within the outage: stalled for OpenSearch, time running out, and no reason to restart.
        await().atMost(OUTAGE.minusSeconds(5)).pollInterval(Duration.ofSeconds(1)).until(() ->
                stalledForOpenSearch(Scrape.metrics(port)) >= 1
                        && minimum(Scrape.metrics(port).byLabel(ShardGaugesNames.RETENTION_LEFT, "shard"))
                                < WARNING.toSeconds()
                        && watch.lines().stream().anyMatch(line -> line.startsWith("WARN RETENTION")));
        Scrape outage = Scrape.metrics(port);
        int healthDuring = Scrape.status(port, "/health");
        int readyDuring = Scrape.status(port, "/ready");
        long stalledAfterMillis = (System.nanoTime() - outageStarted) / 1_000_000;
        Thread.sleep(Math.max(0, OUTAGE.toMillis() - stalledAfterMillis));
        WriteCounters.Snapshot during = worker.stats().snapshot();
        node.start();
        long restarted = System.nanoTime();
        producing.join();

        await().atMost(Duration.ofMinutes(3)).until(() -> node.searchableDocuments(index) == ORDERS);
        long catchUpMillis = (System.nanoTime() - restarted) / 1_000_000;
        Map<String, String> last = producer.lastSequenceNumbers();
        await().atMost(Duration.ofMinutes(1)).until(() -> stack.leaseTable(stream).checkpoints().equals(last));
        await().atMost(Duration.ofSeconds(10)).until(() -> stalledForOpenSearch(Scrape.metrics(port)) == 0);
        Scrape after = Scrape.metrics(port);
        Ledger.Account records = Ledgers.assertBalancedThroughShutdown(worker);
        watch.close();
        WriteCounters.Snapshot stats = worker.stats().snapshot();

        assertThat(outage.sum(ShardGaugesNames.STALLED_SECONDS, Map.of())).as("seconds stalled, all shards")
                .isGreaterThanOrEqualTo(10);
        assertThat(outage.byLabel(ShardGaugesNames.RETENTION_LEFT, "shard").values()).as("time left per shard")
                .allSatisfy(left -> assertThat(left).isLessThanOrEqualTo(RETENTION.toSeconds()))
                .anySatisfy(left -> assertThat(left).isBetween(0.0, (double) WARNING.toSeconds()));
        assertThat(retentionLeftBefore).as("time left while OpenSearch was there").isGreaterThan(WARNING.toSeconds());
        assertThat(minimum(after.byLabel(ShardGaugesNames.RETENTION_LEFT, "shard"))).as("time left once caught up")
                .isGreaterThan(WARNING.toSeconds());
        assertThat(healthDuring).as("/health during an outage: a restart would not help").isEqualTo(200);
        assertThat(readyDuring).as("/ready during an outage").isEqualTo(200);
        assertThat(watch.lines()).anySatisfy(line -> assertThat(line).startsWith("WARN STALLED: shard shardId-")
                .contains("of stream " + stream).contains("no progress for")
                .contains("OpenSearch unavailable, retrying ("));
        assertThat(watch.lines()).anySatisfy(line -> assertThat(line).startsWith("WARN RETENTION: shard shardId-")
                .contains("of the source's 120 s retention").contains("warning below 90 s"));
        assertThat(watch.lines()).anySatisfy(line -> assertThat(line).startsWith("INFO Shard shardId-")
                .contains("moves again"));
        assertThat(watch.lines()).as("a flush waiting for OpenSearch's answer is not a blocked thread")
                .noneMatch(line -> line.contains(Stall.Reason.PROCESSOR_BLOCKED.description()));

        assertThat(Documents.all(node.client(), index)).hasSize(ORDERS)
                .extracting(Documents.Stored::id).doesNotHaveDuplicates();
        assertThat(during.retries()).as("retries while OpenSearch was down").isPositive();
        assertThat(stats.actionsFailed()).isZero();
        assertThat(stats.deadLetters()).isZero();
        assertThat(records.acknowledged()).as("records acknowledged, each order read once or more")
                .isGreaterThanOrEqualTo(ORDERS);
        figures.put("produced", producer.produced())
                .put("indexed", node.searchableDocuments(index))
                .put("outageSeconds", (restarted - outageStarted) / 1_000_000_000)
                .put("retries", stats.retries())
                .put("catchUpMillis", catchUpMillis)
                .put("deadLetters", stats.deadLetters())
                .put("stalledReportedAfterMillis", stalledAfterMillis)
                .put("stalledShards", stalledForOpenSearch(outage))
                .put("retentionLeftSecondsBefore", Math.round(retentionLeftBefore))
                .put("retentionLeftSecondsInOutage", Math.round(minimum(outage.byLabel(ShardGaugesNames.RETENTION_LEFT,
                        "shard"))))
                .put("retentionLeftSecondsAfter", Math.round(minimum(after.byLabel(ShardGaugesNames.RETENTION_LEFT,
                        "shard"))))
                .put("healthDuringOutage", healthDuring)
                .put("ledger", '"' + records.toString() + '"')
                .print();
    }

    private static double minimum(Map<String, Double> values) {
        return values.values().stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    /** The Prometheus names of the meters read here. */
    private static final class ShardGaugesNames {
        static final String RETENTION_LEFT = "kinesis_opensearch_shard_retention_left_seconds";
        static final String STALLED_SECONDS = "kinesis_opensearch_shard_stalled_seconds";
    }

    private static double stalledForOpenSearch(Scrape scrape) {
        return scrape.sum("kinesis_opensearch_shards_stalled", Map.of("reason", "opensearch_unavailable"));
    }
}
