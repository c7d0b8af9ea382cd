package io.kinesisopensearch.localstack.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kinesisopensearch.localstack.LeaseTable;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.StreamProducer;
import io.kinesisopensearch.localstack.WorkerProcess;
import io.kinesisopensearch.localstack.testing.Figures;
import io.kinesisopensearch.localstack.testing.Orders;
import io.kinesisopensearch.localstack.testing.WorkerTimeline;
import io.kinesisopensearch.localstack.testing.Workers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How a worker starts: with the shipped settings, a new application's first worker has its first
 * document searchable within 15 s of its start, and a worker started on existing leases within
 * 10 s; a worker with a broken setting stops at start-up and says, in one line, which setting to fix.
 */
@ExtendWith(LocalStackExtension.class)
class WorkerStartupIT {

    private static final int SHARDS = 4;
    private static final Duration NEW_APPLICATION_TARGET = Duration.ofSeconds(15);
    private static final Duration EXISTING_LEASES_TARGET = Duration.ofSeconds(10);
    /** Above this load average per core the machine is too busy for wall-clock targets (see the test). */
    private static final double BUSY_LOAD_PER_CORE = 2.0;

    /**
     * The shipped settings as they are (enhanced fan-out included), on a stream with records waiting:
     * the application's first start ever, timed from the process start to the first document
     * searchable; then, after a SIGTERM, a restart on the leases the first one left.
     */
    @Test
    void withTheShippedSettingsANewApplicationIsSearchableWithin15SecondsAndARestartWithin10(LocalStack stack)
            throws Exception {
        String stream = Workers.unique("startup");
        stack.createStream(stream, SHARDS);
        StreamProducer producer = new StreamProducer(stack.kinesis(), stream);
        producer.put(Orders.range(0, 200));
        Map<String, String> settings = Workers.shippedSettings(stack, stream, stream, stream);
        Path logs = LOGS.resolve(stream);
        Figures figures = new Figures("worker-startup");

        long firstStart = System.nanoTime();
        long newApplicationMillis;
        try (WorkerProcess first = WorkerProcess.start(settings, logs.resolve("new-application"),
                WorkerTimeline.jvmOptions())) {
            newApplicationMillis = awaitSearchable(stack, stream, 1, firstStart);
            figures.put("newApplicationFirstDocumentMillis", newApplicationMillis);
            steps(figures, "newApplication.", first.log(), firstStart);
            awaitSearchable(stack, stream, 200, firstStart);
            first.terminate();
            assertThat(first.awaitExit(Duration.ofSeconds(30))).as("exit within 30 s of SIGTERM").isNotEqualTo(-1);
        }
        LeaseTable leases = stack.leaseTable(stream);
        assertThat(leases.checkpoints()).as("the leases the first worker left").hasSize(SHARDS);

        producer.put(Orders.range(200, 100));
        long restart = System.nanoTime();
        long existingLeasesMillis;
        try (WorkerProcess second = WorkerProcess.start(settings, logs.resolve("existing-leases"),
                WorkerTimeline.jvmOptions())) {
            existingLeasesMillis = awaitSearchable(stack, stream, 201, restart);
            figures.put("existingLeasesFirstDocumentMillis", existingLeasesMillis);
            steps(figures, "existingLeases.", second.log(), restart);
            second.terminate();
            second.awaitExit(Duration.ofSeconds(30));
        } finally {
            figures.print();
        }
        // A wall-clock target says nothing on a machine whose cores are taken several times over (the
        // shared build machine at load 15 doubled every step of the start): there the test holds the
        // worker to twice the targets, which still catches KCL's 1-30 s wait or its 10 s index poll.
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        int cores = Runtime.getRuntime().availableProcessors();
        long slack = load > BUSY_LOAD_PER_CORE * cores ? 2 : 1;
        System.out.printf("Start-up targets judged at load average %.1f on %d cores: %s%n", load, cores,
                slack == 1 ? "as they are" : "twice the targets (machine busy)");
        assertThat(newApplicationMillis).as("a new application's first document searchable, ms after its start (load %.1f)",
                load).isLessThanOrEqualTo(slack * NEW_APPLICATION_TARGET.toMillis());
        assertThat(existingLeasesMillis).as("first document searchable on existing leases, ms after the start (load %.1f)",
                load).isLessThanOrEqualTo(slack * EXISTING_LEASES_TARGET.toMillis());
    }

    /**
     * Three workers of a new application started at the same moment: one creates the lease table,
     * the others find it; the leases are written once (KCL's conditional create), one per shard, and
     * every record is indexed.
     */
    @Test
    void workersOfANewApplicationStartingTogetherShareOneTableAndOneLeasePerShard(LocalStack stack) throws Exception {
        String stream = Workers.unique("together");
        stack.createStream(stream, SHARDS);
        new StreamProducer(stack.kinesis(), stream).put(Orders.range(0, 100));
        Map<String, String> settings = Workers.shippedSettings(stack, stream, stream, stream);
        settings.put("KINESIS_RETRIEVAL", "POLLING");
        Path logs = LOGS.resolve(stream);
        List<WorkerProcess> workers = new ArrayList<>();
        try {
            for (int i = 1; i <= 3; i++) {
                workers.add(WorkerProcess.start(settings, logs.resolve("worker-" + i)));
            }
            awaitSearchable(stack, stream, 100, System.nanoTime());
            // One worker may have indexed everything before a slower one (three JVMs on two cores) got to its table.
            await().atMost(Duration.ofSeconds(60)).until(() -> bootstrapOutcomes(workers, stream).size() >= 3);
            List<String> outcomes = bootstrapOutcomes(workers, stream);
            assertThat(outcomes).as("what each worker found and did").hasSize(3)
                    .doesNotContain("left to KCL to set up")
                    .containsOnlyOnce("created with its index and the stream's leases");
            assertThat(stack.leaseTable(stream).checkpoints()).as("leases").hasSize(SHARDS);
        } finally {
            workers.forEach(WorkerProcess::close);
        }
    }

    /** What each worker's lease-table bootstrap found and did, as its log says, without the time taken. */
    private static List<String> bootstrapOutcomes(List<WorkerProcess> workers, String stream) throws IOException {
        List<String> outcomes = new ArrayList<>();
        for (WorkerProcess worker : workers) {
            Files.readAllLines(worker.log(), StandardCharsets.UTF_8).stream()
                    .filter(line -> line.contains("LeaseTableBootstrap - Lease table " + stream + ": "))
                    .map(line -> line.substring(line.indexOf(": ") + 2).replaceAll(" \\(\\d+ ms\\)$", ""))
                    .forEach(outcomes::add);
        }
        return outcomes;
    }

    /** Milliseconds from {@code startNanos} until the index holds at least {@code documents}; fails after 2 minutes. */
    private static long awaitSearchable(LocalStack stack, String index, long documents, long startNanos)
            throws InterruptedException {
        long deadline = startNanos + Duration.ofMinutes(2).toNanos();
        while (stack.searchableDocuments(index) < documents) {
            assertThat(System.nanoTime()).as(documents + " documents searchable within 2 minutes").isLessThan(deadline);
            Thread.sleep(100);
        }
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Where the start went, from the worker's log: milliseconds after {@code startNanos} of each step. */
    private static void steps(Figures figures, String prefix, Path log, long startNanos) {
        java.time.Instant start = java.time.Instant.now().minusNanos(System.nanoTime() - startNanos);
        WorkerTimeline timeline = new WorkerTimeline(log);
        Map<String, java.util.Optional<java.time.Instant>> steps = new java.util.LinkedHashMap<>();
        steps.put("setupMillis", timeline.first("reading stream"));
        steps.put("leaseTableMillis", timeline.first("Lease table "));
        steps.put("kclInitializedMillis", timeline.first("Initialization complete"));
        steps.put("leasesDiscoveredMillis", timeline.firstMatch("New leases assigned to worker .* count : [1-9]"));
        steps.put("firstShardStartedMillis", timeline.first("starting after"));
        steps.put("firstRecordReadMillis", timeline.firstMatch("first \\d+ records read"));
        steps.forEach((name, at) -> figures.put(prefix + name,
                at.map(instant -> Duration.between(start, instant).toMillis()).orElse(-1L)));
    }

    private static final Path LOGS = Path.of(System.getProperty("localstack.work-dir", "target/localstack"));

    @Test
    void aMissingStreamNameStopsTheWorkerWithOneLineNamingIt() throws Exception {
        List<String> output = runWorker("missing-stream", Map.of(
                "KINESIS_APPLICATION_NAME", "orders-indexer",
                "OPENSEARCH_URL", "http://127.0.0.1:9",
                "OPENSEARCH_INDEX", "orders"));

        assertThat(output).containsExactly("Configuration error: Missing setting kinesis.stream (environment"
                + " variable KINESIS_STREAM): the name of the Kinesis data stream to read");
    }

    @Test
    void anInvalidValueIsNamedWithTheAllowedOnes() throws Exception {
        List<String> output = runWorker("bad-position", Map.of(
                "KINESIS_STREAM", "orders",
                "KINESIS_APPLICATION_NAME", "orders-indexer",
                "KINESIS_INITIAL_POSITION", "BEGINNING",
                "OPENSEARCH_URL", "http://127.0.0.1:9",
                "OPENSEARCH_INDEX", "orders"));

        assertThat(output).containsExactly("Configuration error: Invalid setting kinesis.initial-position"
                + " (environment variable KINESIS_INITIAL_POSITION) = 'BEGINNING': allowed values are TRIM_HORIZON,"
                + " LATEST, AT_TIMESTAMP");
    }

    @Test
    void aMistypedKeyInTheSettingsFileIsNamedWithTheClosestKnownOne() throws Exception {
        Path file = LOGS.resolve("worker-startup-typo.properties");
        Files.createDirectories(LOGS);
        Files.writeString(file, String.join("\n", "kinesis.stream=orders", "kinesis.application-name=orders-indexer",
                "opensearch.url=http://127.0.0.1:9", "opensearch.index=orders", "bulk.max-wiat=2s", ""));

        List<String> output = runWorker("typo", Map.of("KINESIS_OPENSEARCH_CONFIG", file.toString()));

        assertThat(output).containsExactly("Configuration error: Unknown setting bulk.max-wiat in the file named by"
                + " KINESIS_OPENSEARCH_CONFIG; did you mean bulk.max-wait (environment variable BULK_MAX_WAIT)?");
    }

    private static List<String> runWorker(String name, Map<String, String> environment) throws Exception {
        Path directory = LOGS.resolve("worker-startup-" + name);
        Files.deleteIfExists(directory.resolve("console.log"));
        try (WorkerProcess worker = WorkerProcess.start(environment, directory)) {
            assertThat(worker.awaitExit(Duration.ofSeconds(30))).as("exit status").isEqualTo(2);
            return Files.readAllLines(worker.log(), StandardCharsets.UTF_8);
        }
    }
}
