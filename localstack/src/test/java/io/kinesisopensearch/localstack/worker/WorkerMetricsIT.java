package io.kinesisopensearch.localstack.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kinesisopensearch.consumer.ConsumerWorker;
import io.kinesisopensearch.consumer.metrics.ShardWatch;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.StreamProducer;
import io.kinesisopensearch.localstack.WorkerProcess;
import io.kinesisopensearch.localstack.testing.BackgroundProducer;
import io.kinesisopensearch.localstack.testing.Figures;
import io.kinesisopensearch.localstack.testing.Orders;
import io.kinesisopensearch.localstack.testing.Scrape;
import io.kinesisopensearch.localstack.testing.Workers;
import io.kinesisopensearch.sink.bulk.WriteCounters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an operator sees of a running worker: {@code /ready} turns 200 once it holds its leases,
 * {@code /metrics} shows throughput, per-shard lag and bulk latency while orders flow, and in a
 * container with {@code LOG_FORMAT=json} every log line is a JSON object.
 */
@ExtendWith(LocalStackExtension.class)
class WorkerMetricsIT {

    private static final int ORDERS = 3_000;
    private static final int SHARDS = 2;
    private static final Pattern PORT = Pattern.compile("Serving /metrics, /health and /ready on port (\\d+)");

    @Test
    void readinessThroughputLagAndLatencyAreOnTheWorkersEndpoint(LocalStack stack) throws Exception {
        Figures figures = new Figures("metrics");
        String stream = Workers.unique("metrics");
        String index = stream;
        stack.createStream(stream, SHARDS);
        stack.leaseTable(stream).prepareWithLeases(stream);
        StreamProducer producer = new StreamProducer(stack.kinesis(), stream);

        long started = System.nanoTime();
        Map<String, String> settings = Workers.settings(stack, stream, stream, index);
        // Batches wait for BULK_MAX_WAIT here, so the once-a-second scrapes see what a batch's age looks like;
        // flushed at the end of each caught-up delivery (the default), they are mostly gone before a scrape.
        settings.put("BULK_FLUSH_WHEN_CAUGHT_UP", "false");
        settings.put("BULK_MAX_WAIT", "2s");
        ConsumerWorker worker = Workers.start(settings);
        try {
            int port = worker.metricsPort().orElseThrow();
            assertThat(Scrape.status(port, "/health")).as("/health while the scheduler runs").isEqualTo(200);
            int readyAtStart = Scrape.status(port, "/ready");
            long shardsAtStart = worker.stats().snapshot().shardsStarted();
            assertThat(shardsAtStart).as("leases held when /ready was first asked").isZero();
            assertThat(readyAtStart).as("/ready before the worker holds leases").isEqualTo(503);

            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Scrape.status(port, "/ready") == 200);
            long readyMillis = (System.nanoTime() - started) / 1_000_000;
            await().atMost(Duration.ofMinutes(1)).until(() -> worker.stats().snapshot().shardsStarted() == SHARDS);
            assertThat(Scrape.status(port, "/ready")).isEqualTo(200);

            CompletableFuture<Void> producing = BackgroundProducer.start(producer, Orders.range(0, ORDERS), 100, 250);
            List<Scrape> scrapes = new ArrayList<>();
            while (!producing.isDone() || stack.searchableDocuments(index) < ORDERS) {
                scrapes.add(Scrape.metrics(port));
                assertThat(System.nanoTime() - started).as("time to index the orders")
                        .isLessThan(Duration.ofMinutes(4).toNanos());
                Thread.sleep(1_000);
            }
            producing.join();
            Map<String, String> ends = producer.lastSequenceNumbers();
            await().atMost(Duration.ofMinutes(1)).until(() -> stack.leaseTable(stream).checkpoints().equals(ends));
            Scrape last = Scrape.metrics(port);
            WriteCounters.Snapshot stats = worker.stats().snapshot();

            // Throughput: records received grow from scrape to scrape while orders come.
            List<Double> received = scrapes.stream()
                    .map(scrape -> scrape.value("kinesis_opensearch_records_received_total")).toList();
            assertThat(received).as("records received, scrape by scrape").isSorted();
            assertThat(received.stream().distinct().filter(value -> value > 0).count())
                    .as("distinct positive figures while orders flowed").isGreaterThanOrEqualTo(3);
            assertThat(last.value("kinesis_opensearch_records_received_total")).isEqualTo(ORDERS);
            assertThat(last.value("kinesis_opensearch_documents_acknowledged_total")).isEqualTo(ORDERS);
            assertThat(last.value("kinesis_opensearch_checkpoints_total")).isEqualTo(stats.checkpoints())
                    .isGreaterThanOrEqualTo(SHARDS);
            assertThat(last.value("kinesis_opensearch_dead_letters_total")).isZero();

            // Lag: each shard reports KCL's millisBehindLatest and the age of what it has not acknowledged.
            double maxBehind = 0;
            double maxOldest = 0;
            for (Scrape scrape : scrapes) {
                Map<String, Double> behind = scrape.byLabel("kinesis_opensearch_shard_millis_behind_latest", "shard");
                Map<String, Double> oldest = scrape.byLabel("kinesis_opensearch_shard_oldest_unacknowledged_millis",
                        "shard");
                assertThat(behind).as("shards with a lag gauge").hasSize(SHARDS);
                assertThat(oldest).as("shards with an age gauge").hasSize(SHARDS);
                for (double value : behind.values()) {
                    if (!Double.isNaN(value)) { // NaN until KCL's first delivery to the shard
                        assertThat(value).as("millisBehindLatest").isBetween(0.0, 600_000.0);
                        maxBehind = Math.max(maxBehind, value);
                    }
                }
                for (double value : oldest.values()) {
                    assertThat(value).as("oldest unacknowledged age").isBetween(0.0, 600_000.0);
                    maxOldest = Math.max(maxOldest, value);
                }
            }
            assertThat(last.byLabel("kinesis_opensearch_shard_millis_behind_latest", "shard").values())
                    .as("millisBehindLatest at the end").hasSize(SHARDS).allSatisfy(value ->
                            assertThat(value).isBetween(0.0, 600_000.0));
            assertThat(maxOldest).as("some scrape caught a batch waiting for its flush").isPositive();
            assertThat(last.byLabel("kinesis_opensearch_shard_oldest_unacknowledged_millis", "shard").values())
                    .as("nothing pending once every order is indexed").containsOnly(0.0);

            // Latency: one observation per bulk request, each taking a sensible time.
            double count = last.value("kinesis_opensearch_bulk_latency_seconds_count");
            double sum = last.value("kinesis_opensearch_bulk_latency_seconds_sum");
            double max = last.value("kinesis_opensearch_bulk_latency_seconds_max");
            // Every request answered is timed; one that failed without an answer (and was retried) is not.
            assertThat(count).as("bulk requests timed").isPositive()
                    .isBetween((double) stats.bulkRequests() - stats.retries(), (double) stats.bulkRequests());
            assertThat(sum / count).as("mean bulk latency, s").isBetween(0.0001, 10.0);
            assertThat(max).as("slowest bulk request, s").isBetween(sum / count, 60.0);
            Map<String, Double> buckets = last.byLabel("kinesis_opensearch_bulk_latency_seconds_bucket", "le");
            assertThat(buckets).as("histogram buckets").hasSizeGreaterThan(10).containsEntry("+Inf", count);

            figures.put("produced", producer.produced())
                    .put("indexed", stack.searchableDocuments(index))
                    .put("readyMillis", readyMillis)
                    .put("scrapes", scrapes.size())
                    .put("recordsReceived", (long) last.value("kinesis_opensearch_records_received_total"))
                    .put("documentsAcknowledged", (long) last.value("kinesis_opensearch_documents_acknowledged_total"))
                    .put("maxMillisBehindLatest", (long) maxBehind)
                    .put("maxOldestUnacknowledgedMillis", (long) maxOldest)
                    .put("bulkRequests", (long) count)
                    .put("bulkMeanMillis", Math.round(sum / count * 1_000))
                    .put("bulkMaxMillis", Math.round(max * 1_000))
                    .put("deadLetters", stats.deadLetters())
                    .put("retries", stats.retries());

            CompletableFuture<Boolean> stopping = CompletableFuture.supplyAsync(
                    () -> worker.shutdown(Duration.ofSeconds(30)));
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(worker::shutdownStarted);
            int readyWhileStopping = Scrape.status(port, "/ready");
            assertThat(stopping.join()).as("graceful shutdown").isTrue();
            assertThat(readyWhileStopping).as("/ready once shutdown started").isEqualTo(503);
        } finally {
            if (!worker.shutdownStarted()) {
                worker.shutdown(Duration.ofSeconds(30));
            }
        }
        figures.print();
    }

    @Test
    void aWorkerContainerWithLogFormatJsonLogsJsonAndAnswersItsProbes(LocalStack stack) throws Exception {
        String stream = Workers.unique("json-logs");
        stack.createStream(stream, 1);
        stack.leaseTable(stream).prepareWithLeases(stream);
        Map<String, String> settings = Workers.settings(stack, stream, stream, stream);
        settings.put("LOG_FORMAT", "json");
        settings.put("WORKER_PROGRESS_INTERVAL", "1s");
        settings.put("METRICS_CLOUDWATCH_EMF", "true");
        Path directory = stack.workDir().resolve(stream);

        try (WorkerProcess worker = WorkerProcess.start(settings, directory)) {
            await().atMost(Duration.ofMinutes(1)).until(() -> port(worker.log()) > 0);
            int port = port(worker.log());
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Scrape.status(port, "/ready") == 200);
            assertThat(Scrape.status(port, "/health")).isEqualTo(200);
            new StreamProducer(stack.kinesis(), stream).put(Orders.range(0, 200));
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> messages(worker.log()).stream().anyMatch(line -> line.contains("Progress: ")));
            worker.terminate();
            assertThat(worker.awaitExit(Duration.ofSeconds(30))).as("exit within 30 s of SIGTERM").isNotEqualTo(-1);

            List<String> lines = Files.readAllLines(worker.log(), StandardCharsets.UTF_8);
            ObjectMapper json = new ObjectMapper();
            List<JsonNode> metrics = new ArrayList<>();
            for (String line : lines) {
                JsonNode event = json.readTree(line);
                if (event.has("_aws")) {
                    metrics.add(event);
                    continue;
                }
                assertThat(event.path("level").asText()).as(line).isNotEmpty();
                assertThat(event.path("timestamp").asLong()).as(line).isPositive();
                assertThat(event.has("formattedMessage")).as(line).isTrue();
            }
            // CloudWatch's embedded metric format beside the log: the time left of the stream's retention,
            // which the worker asked kinesis-mock for (DescribeStreamSummary: 24 h).
            assertThat(metrics).as("embedded metric format lines").isNotEmpty().allSatisfy(line -> {
                assertThat(line.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo(ShardWatch.NAMESPACE);
                assertThat(line.get(ShardWatch.DIMENSION).asText()).isEqualTo(stream);
            });
            assertThat(metrics.get(0).get(ShardWatch.RETENTION_LEFT).asLong()).as("the first, with the worker's shard")
                    .isBetween(Duration.ofHours(24).minusMinutes(5).toSeconds(), Duration.ofHours(24).toSeconds());
            assertThat(messages(worker.log())).contains("Stream " + stream + " keeps its records for 24 h");
            assertThat(messages(worker.log())).anyMatch(message -> message.matches("Worker .* stopped \\(graceful\\).*"));
        }
    }

    /** The port the worker logged, 0 before it did. */
    private static int port(Path log) throws Exception {
        for (String message : messages(log)) {
            Matcher port = PORT.matcher(message);
            if (port.find()) {
                return Integer.parseInt(port.group(1));
            }
        }
        return 0;
    }

    /** The formatted messages of a JSON log, the lines not (yet) complete left out. */
    private static List<String> messages(Path log) throws Exception {
        if (!Files.exists(log)) {
            return List.of();
        }
        ObjectMapper json = new ObjectMapper();
        List<String> messages = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.startsWith("{") && line.endsWith("}")) {
                messages.add(json.readTree(line).path("formattedMessage").asText());
            }
        }
        return messages;
    }
}
