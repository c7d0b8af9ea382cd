package io.kinesisopensearch.localstack.reindex;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.consumer.ConsumerConfig;
import io.kinesisopensearch.consumer.metrics.WorkerMetrics;
import io.kinesisopensearch.consumer.processor.OpenSearchRecordProcessorFactory;
import io.kinesisopensearch.consumer.testing.ProcessorDriver;
import io.kinesisopensearch.decode.Json;
import io.kinesisopensearch.loader.reindex.Reindex;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.testing.Figures;
import io.kinesisopensearch.localstack.testing.Workers;
import io.kinesisopensearch.mapping.DocumentAction;
import io.kinesisopensearch.sink.OpenSearchSink;
import io.kinesisopensearch.sink.bulk.BulkResult;
import io.kinesisopensearch.sink.bulk.DualWrites;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opensearch.client.opensearch.OpenSearchClient;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * What a reindex costs, on the embedded node. Not an IT: the profile {@code reindex-bench} runs it,
 * never {@code ./mvnw verify}.
 *
 * <ol>
 * <li>The live path while dual writing: the worker's processing path as the bench's contender (c)
 * runs it (one {@link ShardRecordProcessor} per shard from the worker's factory on a thread of its
 * own, deliveries of 1,000 records, a checkpointer that does nothing, then the graceful shutdown),
 * on {@code bench.docs} order events (20,000 by default) written through an alias, with no reindex
 * running and with one (the state naming a second index, set up as the reindex sets it up: refresh
 * off and its translog synced every 5 s while it fills), {@code bench.runs} times each (5) after
 * {@code bench.warmup} runs of each (2), in turn first and second; docs/s of each (median) and their
 * ratio, and the CPU time of the node and this JVM per 1,000 documents (median) and its ratio,
 * which the other builds on a shared machine move less than they move the rates.</li>
 * <li>The time from {@code reindex} to the swap for {@code bench.reindex-docs} documents (100,000
 * by default) copied from the current index, each step's time from the state document.</li>
 * </ol>
 */
@ExtendWith(LocalStackExtension.class)
class ReindexBench {

    private static final int SHARDS = 4;
    private static final int DELIVERY = 1_000;
    private static final String INDEX_SETTINGS = "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0}}";

    @Test
    void dualWritingAgainstSingleWritingAndTheTimeToTheSwap(LocalStack stack) throws Exception {
        int docs = Integer.getInteger("bench.docs", 20_000);
        int runs = Integer.getInteger("bench.runs", 5);
        int reindexDocs = Integer.getInteger("bench.reindex-docs", 100_000);
        OpenSearchClient openSearch = stack.openSearch();
        List<byte[]> events = events(docs, 26);

        // Warm-up, not counted: the node's indexing code needs tens of thousands of documents to be
        // compiled (its CPU time per document fell fivefold over the first three runs of 20,000).
        for (int run = 0; run < Integer.getInteger("bench.warmup", 2); run++) {
            processors(stack, events, false);
            processors(stack, events, true);
        }
        List<Run> single = new ArrayList<>();
        List<Run> dual = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            // In turn first and second, so that a machine speeding up or slowing down favours neither.
            if (run % 2 == 0) {
                single.add(processors(stack, events, false));
                dual.add(processors(stack, events, true));
            } else {
                dual.add(processors(stack, events, true));
                single.add(processors(stack, events, false));
            }
        }
        double singleRate = median(single.stream().map(Run::docsPerSecond).toList());
        double dualRate = median(dual.stream().map(Run::docsPerSecond).toList());
        double singleCpu = median(single.stream().map(Run::cpuMillisPer1000).toList());
        double dualCpu = median(dual.stream().map(Run::cpuMillisPer1000).toList());
        new Figures("reindex-bench-dual-write").put("docs", docs).put("runs", runs).put("shards", SHARDS)
                .put("single_docs_per_s", Math.round(singleRate)).put("dual_docs_per_s", Math.round(dualRate))
                .put("ratio", String.format(Locale.ROOT, "%.2f", dualRate / singleRate))
                .put("single_runs", rates(single)).put("dual_runs", rates(dual))
                .put("single_cpu_ms_per_1000_docs", Math.round(singleCpu))
                .put("dual_cpu_ms_per_1000_docs", Math.round(dualCpu))
                .put("cpu_ratio", String.format(Locale.ROOT, "%.2f", singleCpu / dualCpu))
                .put("load_average", ManagementLoad.average()).print();

        if (reindexDocs > 0) {
            swap(stack, openSearch, reindexDocs);
        }
    }

    /**
     * One run: documents a second, and the CPU time the node and this JVM (the processors) spent
     * on each 1,000 documents, which other builds on the machine do not change as they change the rate.
     */
    private record Run(double docsPerSecond, double cpuMillisPer1000) {
    }

    /** CPU time so far of this JVM and the OpenSearch node it started. */
    private static Duration cpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).plus(nodeCpu());
    }

    private static Duration nodeCpu() {
        return ProcessHandle.current().descendants()
                .filter(process -> process.info().commandLine().map(line -> line.contains(
                        "org.opensearch.bootstrap.OpenSearch")).orElse(false))
                .map(process -> process.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }

    /** Waits (30 s at most) until the node and this JVM used under a fifth of a core for a second: the last run's merges done. */
    private static void awaitQuiet() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Duration before = cpu();
            Thread.sleep(1_000);
            if (cpu().minus(before).toMillis() < 200) {
                return;
            }
        }
    }

    /** One run of the processing path through a fresh alias. */
    private Run processors(LocalStack stack, List<byte[]> events, boolean dualWriting) throws Exception {
        OpenSearchClient openSearch = stack.openSearch();
        String alias = Workers.unique("bench");
        String first = alias + "-000001";
        String second = alias + "-000002";
        createIndex(openSearch, first, "\"aliases\":{\"" + alias + "\":{\"is_write_index\":true}}");
        if (dualWriting) {
            createIndex(openSearch, second, "\"aliases\":{\"" + DualWrites.copyAlias(second) + "\":{}}");
            // As the reindex sets the next index while it fills.
            openSearch.indices().putSettings(put -> put.index(second).settings(settings -> settings
                    .refreshInterval(time -> time.time("-1")).translog(translog -> translog.durability(
                            org.opensearch.client.opensearch.indices.TranslogDurability.Async))));
            openSearch.indices().updateAliases(update -> update.actions(action -> action.add(add -> add.index(first)
                    .alias(DualWrites.copyAlias(first)))));
            openSearch.index(request -> request.index(DualWrites.STATE_INDEX).id(alias).document(Map.of(
                    DualWrites.COPIES, Map.of(first, DualWrites.copyAlias(first), second, DualWrites.copyAlias(second)))));
        }
        Map<String, String> values = new HashMap<>(stack.workerSettings());
        values.put("KINESIS_STREAM", "bench");
        values.put("KINESIS_APPLICATION_NAME", "bench");
        values.put("OPENSEARCH_INDEX", alias);
        values.put("OPENSEARCH_INDEX_ALIAS", "true");
        values.put("MAPPING_ID_POINTER", "/id");
        values.put("DEADLETTER_URI", "file:" + stack.workDir().resolve("dead-letters").resolve(alias));
        Settings settings = Settings.of(values);
        ConsumerConfig config = ConsumerConfig.from(settings);
        long elapsed;
        long cpuMillis;
        try (OpenSearchSink sink = OpenSearchSink.builder().settings(settings).build();
                WorkerMetrics metrics = new WorkerMetrics(sink.counters())) {
            OpenSearchRecordProcessorFactory factory = OpenSearchRecordProcessorFactory.builder().sink(sink)
                    .stream("bench", config.streams().get(0).mapping()).pacing(config.pacing()).metrics(metrics).build();
            List<List<KinesisClientRecord>> byShard = ProcessorDriver.spread(events, ReindexBench::orderId, event -> event,
                    SHARDS);
            awaitQuiet();
            Duration cpuBefore = cpu();
            Duration nodeBefore = nodeCpu();
            long started = System.nanoTime();
            new ProcessorDriver().run(factory, byShard, DELIVERY);
            elapsed = System.nanoTime() - started;
            cpuMillis = cpu().minus(cpuBefore).toMillis();
            System.out.printf("run dual=%s: %d docs/s, cpu %d ms, of it the node %d ms%n", dualWriting,
                    Math.round(events.size() / ((System.nanoTime() - started) / 1e9)), cpuMillis,
                    nodeCpu().minus(nodeBefore).toMillis());
            assertThat(sink.counters().snapshot().deadLetters()).isZero();
            assertThat(sink.dualWrites().counts().copied()).isEqualTo(dualWriting ? events.size() : 0);
        }
        openSearch.indices().refresh(refresh -> refresh.index(alias + "-*"));
        assertThat(openSearch.count(count -> count.index(first)).count()).isEqualTo(events.size());
        if (dualWriting) {
            assertThat(openSearch.count(count -> count.index(second)).count()).isEqualTo(events.size());
        }
        openSearch.indices().delete(delete -> delete.index(alias + "-*"));
        return new Run(events.size() / (elapsed / 1e9), cpuMillis * 1000.0 / events.size());
    }

    /** {@code count} documents through an alias, then {@code reindex} to a mapping with a field of another type. */
    private void swap(LocalStack stack, OpenSearchClient openSearch, int count) throws Exception {
        String alias = Workers.unique("bench-reindex");
        Path v1 = Files.writeString(stack.workDir().resolve(alias + "-v1.json"), INDEX_SETTINGS);
        Path v2 = Files.writeString(stack.workDir().resolve(alias + "-v2.json"), """
                {"settings":{"number_of_shards":1,"number_of_replicas":0},
                 "mappings":{"properties":{"totalCents":{"type":"keyword"}}}}""");
        Map<String, String> values = new HashMap<>(stack.workerSettings());
        values.put("OPENSEARCH_INDEX", alias);
        values.put("OPENSEARCH_INDEX_ALIAS", "true");
        values.put("OPENSEARCH_INDEX_SETTINGS", v1.toString());
        values.put("MAPPING_ID_POINTER", "/id");
        values.put("DEADLETTER_URI", "file:" + stack.workDir().resolve("dead-letters").resolve(alias));
        long loadStarted = System.nanoTime();
        try (OpenSearchSink sink = OpenSearchSink.builder().settings(Settings.of(values)).build()) {
            sink.prepare(io.kinesisopensearch.sink.index.IndexBootstrapConfig.from(Settings.of(values),
                    io.kinesisopensearch.mapping.IndexName.parse("i", alias)));
            AtomicInteger next = new AtomicInteger();
            ProcessorDriver.onThreads(4, () -> {
                for (int from = next.getAndAdd(DELIVERY); from < count; from = next.getAndAdd(DELIVERY)) {
                    List<DocumentAction> actions = new ArrayList<>();
                    int i = 0;
                    for (byte[] event : events(Math.min(DELIVERY, count - from), from)) {
                        actions.add(DocumentAction.index(alias, "evt-" + (from + i++), event));
                    }
                    BulkResult result = sink.writer().write(actions);
                    assertThat(result.allDone()).isTrue();
                }
                return null;
            });
        }
        long loadMillis = (System.nanoTime() - loadStarted) / 1_000_000;
        values.put("OPENSEARCH_INDEX_SETTINGS", v2.toString());
        values.put("RECONCILE_WORK_DIR", stack.workDir().resolve("reconcile").toString());
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        long started = System.nanoTime();
        Reindex.Report report = Reindex.run(Settings.of(values), Reindex.Action.RUN,
                new PrintStream(progress, true, StandardCharsets.UTF_8), new Reindex.Observer() { });
        long toSwap = (System.nanoTime() - started) / 1_000_000;
        System.out.print(progress.toString(StandardCharsets.UTF_8));
        System.out.println(report.text());
        assertThat(report.phase()).isEqualTo("SWAPPED");
        Figures figures = new Figures("reindex-bench-swap").put("docs", count).put("load_s", loadMillis / 1000);
        JsonNode state = openSearch.get(get -> get.index(DualWrites.STATE_INDEX).id(alias), JsonNode.class).source();
        for (JsonNode step : state.path("steps")) {
            figures.put(step.path("step").asText().replace(' ', '_') + "_s",
                    String.format(Locale.ROOT, "%.1f", step.path("millis").asLong() / 1000.0));
        }
        figures.put("reindex_to_swap_s", String.format(Locale.ROOT, "%.1f", toSwap / 1000.0))
                .put("load_average", ManagementLoad.average()).print();
        openSearch.indices().delete(delete -> delete.index(alias + "-*"));
    }

    /** Order events of about 1 KB: an id, a customer, lines with free text, a total. */
    private static List<byte[]> events(int count, long seed) {
        Random random = new Random(seed);
        JsonNodeFactory nodes = Json.nodes();
        List<byte[]> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ObjectNode event = nodes.objectNode();
            event.put("id", "evt-" + seed + "-" + i);
            event.put("occurredAt", Instant.ofEpochSecond(1_790_000_000L + i).toString());
            event.put("customer", "Customer " + random.nextInt(50_000));
            event.put("city", List.of("Lisbon", "Porto", "Berlin", "Lyon", "Oslo").get(random.nextInt(5)));
            ArrayNode lines = event.putArray("lines");
            long total = 0;
            for (int line = 0, n = 1 + random.nextInt(6); line < n; line++) {
                long cents = 199 + random.nextInt(20_000);
                total += cents;
                lines.addObject().put("sku", "SKU-" + random.nextInt(100_000)).put("priceCents", cents)
                        .put("description", "item " + Long.toString(random.nextLong() & Long.MAX_VALUE, 36)
                                + " with a longer description of what was bought and how it is to be delivered");
            }
            event.put("totalCents", total);
            events.add(event.toString().getBytes(StandardCharsets.UTF_8));
        }
        return events;
    }

    private static void createIndex(OpenSearchClient openSearch, String index, String aliases) throws Exception {
        String body = INDEX_SETTINGS.substring(0, INDEX_SETTINGS.length() - 1) + "," + aliases + "}";
        try (var response = openSearch.generic().execute(org.opensearch.client.opensearch.generic.Requests.builder()
                .method("PUT").endpoint("/" + index).json(body).build())) {
            assertThat(response.getStatus()).isEqualTo(200);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static String rates(List<Run> runs) {
        return runs.stream().map(run -> Long.toString(Math.round(run.docsPerSecond()))).reduce((a, b) -> a + "/" + b)
                .orElse("");
    }

    /** The machine's load average, which moves every figure here. */
    private static final class ManagementLoad {
        static String average() {
            return String.format(Locale.ROOT, "%.1f",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static String orderId(byte[] event) {
        try {
            return Json.mapper().readTree(event).path("id").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
