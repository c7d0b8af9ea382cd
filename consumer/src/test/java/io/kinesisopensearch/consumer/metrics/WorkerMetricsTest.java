package io.kinesisopensearch.consumer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisopensearch.sink.bulk.ConcurrencyLimiter;
import io.kinesisopensearch.sink.bulk.WriteCounters;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class WorkerMetricsTest {

    @Test
    void theScrapeReadsTheWorkerStatsCountersWithoutCountingTwice() throws Exception {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(8);
        WriteCounters stats = new WriteCounters(limiter);
        try (WorkerMetrics metrics = new WorkerMetrics(stats)) {
            stats.recordsReceived(120);
            stats.actionsAcknowledged(100);
            stats.staleVersions(3);
            stats.mappingErrors(2);
            stats.deadLetters(4);
            stats.retry();
            stats.throttled();
            stats.checkpoint();
            stats.checkpoint();
            // Two throttled requests in one round halve the bound once: 8 -> 4.
            long first = limiter.acquire();
            long second = limiter.acquire();
            limiter.release(first, true);
            limiter.release(second, true);

            Map<String, Double> scraped = samples(metrics.scrape());

            assertThat(scraped).containsEntry("kinesis_opensearch_records_received_total", 120.0)
                    .containsEntry("kinesis_opensearch_documents_acknowledged_total", 100.0)
                    .containsEntry("kinesis_opensearch_documents_stale_total", 3.0)
                    .containsEntry("kinesis_opensearch_mapping_errors_total", 2.0)
                    .containsEntry("kinesis_opensearch_dead_letters_total", 4.0)
                    .containsEntry("kinesis_opensearch_bulk_retries_total", 1.0)
                    .containsEntry("kinesis_opensearch_bulk_throttled_total", 1.0)
                    .containsEntry("kinesis_opensearch_checkpoints_total", 2.0)
                    .containsEntry("kinesis_opensearch_bulk_concurrency", 4.0)
                    .containsEntry("kinesis_opensearch_bulk_concurrency_decreases_total", 1.0);

            // The counters follow WriteCounters, the one set of counters, at every scrape.
            stats.recordsReceived(30);
            assertThat(samples(metrics.scrape())).containsEntry("kinesis_opensearch_records_received_total", 150.0);
            assertThat(stats.snapshot().recordsReceived()).isEqualTo(150);
        }
    }

    @Test
    void theLedgerAndTheStallsAreScraped() {
        WriteCounters stats = new WriteCounters();
        try (WorkerMetrics metrics = new WorkerMetrics(stats)) {
            stats.recordsReceived(10);
            stats.recordsSettled(5, 2, 1);
            stats.deadLetters(1);
            stats.recordsReleased(1);
            stats.ledgerBreak();
            metrics.shards().open("orders", "shardId-000000000001");

            Map<String, Double> scraped = samples(metrics.scrape());

            assertThat(scraped).containsEntry("kinesis_opensearch_records_settled_total{outcome=\"acknowledged\"}", 5.0)
                    .containsEntry("kinesis_opensearch_records_settled_total{outcome=\"stale\"}", 2.0)
                    .containsEntry("kinesis_opensearch_records_settled_total{outcome=\"coalesced\"}", 1.0)
                    .containsEntry("kinesis_opensearch_records_settled_total{outcome=\"dead_lettered\"}", 1.0)
                    .containsEntry("kinesis_opensearch_records_settled_total{outcome=\"released\"}", 1.0)
                    .containsEntry("kinesis_opensearch_ledger_breaks_total", 1.0)
                    .containsEntry("kinesis_opensearch_shards_stalled{reason=\"processor_blocked\"}", 0.0)
                    .containsEntry("kinesis_opensearch_shard_retention_left_seconds{shard=\"shardId-000000000001\","
                            + "stream=\"orders\"}", 86_400.0)
                    .containsEntry("kinesis_opensearch_shard_records_received_total{shard=\"shardId-000000000001\","
                            + "stream=\"orders\"}", 0.0)
                    .containsEntry("kinesis_opensearch_shard_records_settled_total{outcome=\"released\","
                            + "shard=\"shardId-000000000001\",stream=\"orders\"}", 0.0)
                    .containsEntry("kinesis_opensearch_shard_stalled_seconds{shard=\"shardId-000000000001\","
                            + "stream=\"orders\"}", 0.0);
        }
    }

    @Test
    void bulkLatencyIsAHistogramInSeconds() {
        WriteCounters stats = new WriteCounters();
        try (WorkerMetrics metrics = new WorkerMetrics(stats)) {
            stats.bulkLatency(Duration.ofMillis(20).toNanos());
            stats.bulkLatency(Duration.ofMillis(180).toNanos());

            String scrape = metrics.scrape();
            Map<String, Double> scraped = samples(scrape);

            assertThat(scraped).containsEntry("kinesis_opensearch_bulk_latency_seconds_count", 2.0);
            assertThat(scraped.get("kinesis_opensearch_bulk_latency_seconds_sum")).isCloseTo(0.2,
                    Offset.offset(1e-9));
            List<String> buckets = scrape.lines()
                    .filter(line -> line.startsWith("kinesis_opensearch_bulk_latency_seconds_bucket")).toList();
            assertThat(buckets).hasSizeGreaterThan(10);
            assertThat(bucket(buckets, "+Inf")).isEqualTo(2.0);
            // Only the 20 ms request is at or below 0.1 s: the histogram keeps the distribution.
            double atOrBelowTenthSecond = buckets.stream()
                    .filter(line -> le(line) <= 0.1)
                    .mapToDouble(WorkerMetricsTest::value).max().orElseThrow();
            assertThat(atOrBelowTenthSecond).isEqualTo(1.0);
        }
    }

    @Test
    void aClosedRegistryNoLongerReceivesLatencies() {
        WriteCounters stats = new WriteCounters();
        WorkerMetrics metrics = new WorkerMetrics(stats);
        Timer timer = metrics.registry().get(WorkerMetrics.BULK_LATENCY).timer();
        stats.bulkLatency(1_000_000);
        metrics.close();

        stats.bulkLatency(1_000_000);

        assertThat(timer.count()).isEqualTo(1);
    }

    /** Sample name (with labels, if any) to value, from Prometheus's text format. */
    static Map<String, Double> samples(String scrape) {
        return scrape.lines()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .collect(Collectors.toMap(line -> line.substring(0, line.lastIndexOf(' ')),
                        WorkerMetricsTest::value, (a, b) -> b));
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    private static double le(String bucketLine) {
        int start = bucketLine.indexOf("le=\"") + 4;
        String bound = bucketLine.substring(start, bucketLine.indexOf('"', start));
        return bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
    }

    private static double bucket(List<String> buckets, String le) {
        return buckets.stream().filter(line -> line.contains("le=\"" + le + "\"")).mapToDouble(WorkerMetricsTest::value)
                .findFirst().orElseThrow();
    }
}
