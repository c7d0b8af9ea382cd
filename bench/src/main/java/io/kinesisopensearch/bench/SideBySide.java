package io.kinesisopensearch.bench;

import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.StreamProducer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The benchmark of issue 10, one run on the local stack: the same generated documents and ids,
 * indexed into the same OpenSearch by (a) a raw bulk loader, (b) a per-record indexer, (c) the
 * worker's processing path, (d) the worker's full pipeline from a pre-loaded stream, started on an
 * application whose leases exist and as a new application's first start, and (e) a Flink job over
 * the same stream; then put-to-searchable latency at a steady rate with the worker's
 * defaults. Each figure counts only when its index holds every document exactly once. Prints a
 * table and the targets, and draws {@code side-by-side.png} under {@code bench.out}.
 *
 * <p>System properties: {@code bench.documents} (100,000), {@code bench.repetitions} (5),
 * {@code bench.per-record-documents} (20,000: (b)'s share), {@code bench.new-application} (false: also time
 * (d) as a new application's first start), {@code bench.latency-seconds}
 * (0 skips it), {@code bench.seed}, {@code bench.out}, {@code bench.flink-classpath}, {@code bench.jfr} (a JFR
 * recording of each pipeline JVM beside its log), {@code bench.fetch-records} (records per GetRecords
 * call of (d) and (e) alike, 1,000 unless told).
 */
public final class SideBySide {

    private static final int SHARDS = 4;
    private static final int LATENCY_RATE = 100;
    private static final Duration QUIET_TIMEOUT = Duration.ofSeconds(30);

    private SideBySide() {
    }

    public static void main(String[] args) throws Exception {
        int documents = Integer.getInteger("bench.documents", 100_000);
        int repetitions = Integer.getInteger("bench.repetitions", 5);
        int perRecordDocuments = Math.min(documents, Integer.getInteger("bench.per-record-documents", 20_000));
        boolean newApplication = Boolean.getBoolean("bench.new-application");
        int fetch = Integer.getInteger("bench.fetch-records", 1_000);
        int latencySeconds = Integer.getInteger("bench.latency-seconds", 60);
        long seed = Long.getLong("bench.seed", 20261124L);
        Path out = Path.of(System.getProperty("bench.out", "target/bench"));
        String flinkClassPath = System.getProperty("bench.flink-classpath");

        List<BenchDocuments.Doc> docs = BenchDocuments.generate(documents, seed);
        long bytes = BenchDocuments.totalBytes(docs);
        say("Documents: %,d order events, %,d bytes (%.0f bytes each on average), seed %d", documents, bytes,
                (double) bytes / documents, seed);
        int emulatorRecords = Math.min(documents, Integer.getInteger("bench.emulator-records", 20_000));
        List<EmulatorCost.Result> emulators = List.of();
        if (emulatorRecords > 0) {
            // Which emulator costs least per record read, before the stack (and its kinesis-mock) starts.
            say("Emulator cost: %,d documents into a one-shard stream of each emulator, read back at %s records a call",
                    emulatorRecords, EmulatorCost.LIMITS);
            emulators = EmulatorCost.run(docs.subList(0, emulatorRecords),
                    Path.of(System.getProperty("localstack.kinesis-mock.main")),
                    Optional.ofNullable(System.getProperty("bench.kinesalite-cli")).map(Path::of).filter(Files::exists),
                    out.resolve("emulators"));
            emulators.forEach(result -> System.out.println(EmulatorCost.format(result)));
        }
        try (LocalStack stack = LocalStack.start()) {
            BenchIndex indexes = new BenchIndex(stack.openSearchEndpoint());
            Map<String, String> workerSettings = new HashMap<>(stack.workerSettings());
            workerSettings.put("MAPPING_ID_POINTER", "/id");
            workerSettings.put("METRICS_PORT", "0");
            workerSettings.put("DEADLETTER_URI", "file:" + stack.workDir().resolve("bench-dead-letters"));

            String stream = "bench-" + seed;
            String emulator = pipelineEmulator(emulators, fetch);
            Kinesalite kinesalite = emulator.equals("kinesalite")
                    ? Kinesalite.start(Path.of(System.getProperty("bench.kinesalite-cli")),
                            stack.workDir().resolve("bench").resolve("kinesalite.log"))
                    : null;
            PipelineKinesis kinesis = kinesalite == null
                    ? new PipelineKinesis("kinesis-mock", stack.kinesisEndpoint(), stack.kinesis())
                    : new PipelineKinesis("kinesalite", kinesalite.endpoint(), kinesalite.kinesis());
            createStream(kinesis.client(), stream);
            long loadStart = System.nanoTime();
            new StreamProducer(kinesis.client(), stream).put(docs.stream()
                    .map(doc -> new StreamProducer.Entry(doc.id(), doc.json())).toList());
            say("Stream %s (%d shards) in %s at %s loaded beforehand in %.1f s (not timed)", stream, SHARDS,
                    kinesis.name(), kinesis.endpoint(), seconds(loadStart));

            Map<String, Timings> timings = new LinkedHashMap<>();
            for (String key : List.of("a", "b", "c", "d", "dn", "e")) {
                timings.put(key, new Timings());
            }
            List<ChildRun.Probe> workerProbes = new ArrayList<>();
            List<ChildRun.Probe> newApplicationProbes = new ArrayList<>();
            List<ChildRun.Probe> flinkProbes = new ArrayList<>();
            try (InProcessContenders inProcess = new InProcessContenders(workerSettings, SHARDS)) {
                List<BenchDocuments.Doc> warmUp = docs.subList(0, Math.min(docs.size(), 2_000));
                say("Warm-up of (a), (b), (c) on %,d documents", warmUp.size());
                timed(indexes, "bench-warmup", warmUp, () -> inProcess.rawBulk("bench-warmup", warmUp));
                timed(indexes, "bench-warmup", warmUp, () -> inProcess.perRecord("bench-warmup", warmUp));
                timed(indexes, "bench-warmup", warmUp, () -> inProcess.processors("bench-warmup", warmUp));
                indexes.delete("bench-warmup");
                // (b) takes a request per document: on a fifth of them it says the same, in a fifth of the time.
                List<BenchDocuments.Doc> perRecordDocs = docs.subList(0, perRecordDocuments);
                for (int rep = 1; rep <= repetitions; rep++) {
                    timings.get("a").add(timed(indexes, "bench-a", docs, () -> inProcess.rawBulk("bench-a", docs)));
                    timings.get("b").add(timed(indexes, "bench-b", perRecordDocs,
                            () -> inProcess.perRecord("bench-b", perRecordDocs)));
                    timings.get("c").add(timed(indexes, "bench-c", docs, () -> inProcess.processors("bench-c", docs)));
                    int round = rep;
                    pipeline("(d) worker pipeline", timings.get("d"), workerProbes,
                            () -> workerPipeline(stack, kinesis, indexes, workerSettings, stream, docs, round, false));
                    if (newApplication) {
                        pipeline("(d) worker pipeline, a new application", timings.get("dn"), newApplicationProbes,
                                () -> workerPipeline(stack, kinesis, indexes, workerSettings, stream, docs, round, true));
                    }
                    if (flinkClassPath != null) {
                        pipeline("(e) Flink job", timings.get("e"), flinkProbes,
                                () -> flinkPipeline(stack, kinesis, indexes, flinkClassPath, stream, docs, round));
                    }
                    say("Repetition %d of %d done: a %.2f s, b %.2f s, c %.2f s, d %s, d new application %s, e %s", rep,
                            repetitions, last(timings.get("a")), last(timings.get("b")), last(timings.get("c")),
                            lastOrNone(timings.get("d")), lastOrNone(timings.get("dn")), lastOrNone(timings.get("e")));
                }
                say("(c) checkpoint calls on the no-op checkpointer: %,d", inProcess.checkpoints());
            }
            List<LatencyRun.Result> latency = new ArrayList<>();
            if (latencySeconds > 0) {
                for (LatencyRun.Way way : LatencyRun.Way.ALL) {
                    say("Latency: %d records/s for %d s, %s", LATENCY_RATE, latencySeconds, way.name());
                    try {
                        latency.add(LatencyRun.run(stack, indexes, workerSettings, way, LATENCY_RATE, latencySeconds,
                                seed));
                    } catch (RuntimeException e) {
                        say("Latency NOT measured (%s): %s", way.name(), e);
                    }
                }
            }
            if (kinesalite != null) {
                kinesalite.close();
            }
            Report report = new Report(documents, bytes, repetitions, perRecordDocuments, fetch, timings, workerProbes,
                    newApplicationProbes, flinkProbes, latency);
            report.print();
            if (!emulators.isEmpty()) {
                System.out.println("Emulator cost per record read (the pipelines' common bound), " + emulatorRecords
                        + " documents, one shard:");
                emulators.forEach(result -> System.out.println(EmulatorCost.format(result)));
            }
            Path chart = Chart.write(out, String.format(Locale.ROOT, "kinesis-opensearch side by side: %,d documents, %d runs",
                    documents, repetitions), report.bars());
            say("Chart: %s", chart.toAbsolutePath());
        }
        System.exit(0);
    }

    /**
     * Contender (d): a worker started on an application whose lease table holds its leases, as every
     * start after the first finds it (a deploy, a restart, a worker added; here prepared beforehand,
     * not timed, as KCL's first shard sync writes them: one lease per shard at TRIM_HORIZON); or,
     * with {@code newApplication}, the first start of an application, KCL creating its tables and
     * waiting out its empty lease table.
     */
    private static ChildRun.Probe workerPipeline(LocalStack stack, PipelineKinesis kinesis, BenchIndex indexes,
            Map<String, String> workerSettings,
            String stream, List<BenchDocuments.Doc> docs, int rep, boolean newApplication) throws Exception {
        String index = "bench-d";
        indexes.recreate(index);
        Map<String, String> environment = new HashMap<>(workerSettings);
        // KCL's lease timings as the integration tests set them; a fresh application reads from the start.
        environment.putAll(LocalStack.FAST_KCL);
        // The shipped failover time, not the tests' 2 s: on a loaded machine a renewal 2 s late lost a
        // lease the worker then took again and read again from its checkpoint (rewritten documents,
        // a run not counted); the bench measures reading, not lease churn.
        environment.put("KCL_FAILOVER_TIME", "6s");
        // kinesis-mock answers a GetRecords call of 10,000 records (about 14 MB here) so slowly that
        // the SDK's 30 s read timeout (over HTTP/1.1) or its HTTP/2 PINGs give up on it, and the shard
        // fetches again, for minutes; 1,000 records (1.4 MB) come at once. Kinesis itself answers
        // either (bench/README.md).
        int fetch = Integer.getInteger("bench.fetch-records", 1_000);
        if (fetch > 0) {
            environment.put("KINESIS_MAX_RECORDS_PER_FETCH", Integer.toString(fetch));
        }
        environment.put("KINESIS_STREAM", stream);
        environment.put("AWS_ENDPOINT_URL_KINESIS", kinesis.endpoint().toString());
        String application = "bench-d-" + rep + "-" + System.nanoTime();
        if (!newApplication) {
            stack.leaseTable(application).prepareWithLeases(stream, kinesis.client());
        }
        environment.put("KINESIS_APPLICATION_NAME", application);
        environment.put("OPENSEARCH_INDEX", index);
        quiet();
        // The worker's own class path, as its container has it (the consumer's jar and libraries), plus the
        // probe: on the harness's class path (localstack's, a few hundred jars) its start-up spent 11 % of its
        // samples looking resources up in jar after jar (JFR: ZipFile$Source.getEntryPos).
        String classPath = System.getProperty("bench.worker-classpath", ChildRun.ownClassPath());
        ChildRun.Probe probe = ChildRun.run(classPath, WorkerPipeline.class.getName(),
                List.of("-Dlogback.configurationFile=" + KclStartup.LOGBACK), List.of(Integer.toString(docs.size()), index),
                environment,
                stack.workDir().resolve("bench").resolve((newApplication ? "worker-new-" : "worker-") + rep + ".log"));
        check(indexes, index, docs, "(d) worker pipeline");
        return probe;
    }

    private static ChildRun.Probe flinkPipeline(LocalStack stack, PipelineKinesis kinesis, BenchIndex indexes,
            String classPath, String stream,
            List<BenchDocuments.Doc> docs, int rep) throws Exception {
        String index = "bench-e";
        indexes.recreate(index);
        quiet();
        // The same records per GetRecords call as the worker (GetRecordsLimit in bench-flink).
        ChildRun.Probe probe = ChildRun.run(classPath, "io.kinesisopensearch.bench.flink.FlinkPipeline",
                List.of("-Dbench.fetch-records=" + Integer.getInteger("bench.fetch-records", 1_000)),
                List.of(kinesis.endpoint().toString(), stream, stack.openSearchEndpoint().toString(), index,
                        Integer.toString(docs.size())),
                Map.of(), stack.workDir().resolve("bench").resolve("flink-" + rep + ".log"));
        check(indexes, index, docs, "(e) Flink job");
        return probe;
    }

    /** The Kinesis both pipelines read: its name, endpoint and a client for loading and listing. */
    record PipelineKinesis(String name, java.net.URI endpoint, software.amazon.awssdk.services.kinesis.KinesisClient client) {
    }

    /**
     * The emulator the pipelines read, {@code bench.emulator} ({@code kinesis-mock}, {@code kinesalite}, or
     * {@code auto}: the one whose reads cost least CPU per record at {@code fetch} records a call, none failing).
     */
    private static String pipelineEmulator(List<EmulatorCost.Result> costs, int fetch) {
        String chosen = System.getProperty("bench.emulator", "auto");
        if (!chosen.equals("auto")) {
            say("Pipelines read from %s (bench.emulator)", chosen);
            return chosen;
        }
        EmulatorCost.Result cheapest = costs.stream().filter(cost -> cost.limit() == fetch && cost.failedCalls() == 0)
                .min(java.util.Comparator.comparingDouble(EmulatorCost.Result::cpuMillisPer1000)).orElse(null);
        String emulator = cheapest == null ? "kinesis-mock" : cheapest.emulator();
        say("Pipelines read from %s: %s", emulator, cheapest == null ? "no emulator cost measured"
                : String.format(Locale.ROOT, "the least emulator CPU per record read at %,d records a call (%.1f ms per"
                        + " 1,000 records)", fetch, cheapest.cpuMillisPer1000()));
        return emulator;
    }

    private static void createStream(software.amazon.awssdk.services.kinesis.KinesisClient kinesis, String stream)
            throws InterruptedException {
        kinesis.createStream(request -> request.streamName(stream).shardCount(SHARDS));
        while (kinesis.describeStreamSummary(request -> request.streamName(stream)).streamDescriptionSummary()
                .streamStatus() != software.amazon.awssdk.services.kinesis.model.StreamStatus.ACTIVE) {
            Thread.sleep(100);
        }
    }

    /** A pipeline run in its own JVM. */
    @FunctionalInterface
    interface ChildPipeline {
        ChildRun.Probe run() throws Exception;
    }

    /** Runs a pipeline contender; one that fails or misses documents is reported and does not count. */
    private static void pipeline(String who, Timings timings, List<ChildRun.Probe> probes, ChildPipeline run) {
        try {
            ChildRun.Probe probe = run.run();
            probes.add(probe);
            timings.add(probe.allSearchableMillis() / 1000.0);
        } catch (Exception e) {
            say("%s NOT counted: %s", who, e);
        }
    }

    private static String lastOrNone(Timings timings) {
        return timings.isEmpty() ? "-" : String.format(Locale.ROOT, "%.2f s", last(timings));
    }

    /** Something a contender does to load {@code index}. */
    @FunctionalInterface
    interface Load {
        void run() throws Exception;
    }

    /** Seconds {@code load} takes into a fresh {@code index}; fails unless every document is there exactly once. */
    private static double timed(BenchIndex indexes, String index, List<BenchDocuments.Doc> docs, Load load) throws Exception {
        indexes.recreate(index);
        quiet();
        long start = System.nanoTime();
        load.run();
        double seconds = seconds(start);
        check(indexes, index, docs, index);
        return seconds;
    }

    private static void check(BenchIndex indexes, String index, List<BenchDocuments.Doc> docs, String who) {
        BenchIndex.Verdict verdict = indexes.verify(index, docs);
        if (!verdict.exactlyOnce(docs.size())) {
            throw new IllegalStateException(who + " did not index every document exactly once: " + verdict);
        }
    }

    private static double last(Timings timings) {
        List<Double> all = timings.seconds();
        return all.get(all.size() - 1);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Before a contender's clock starts: the stack quiet, or a line saying it never was. */
    private static void quiet() throws InterruptedException {
        Duration waited = StackCpu.awaitQuiet(QUIET_TIMEOUT);
        if (waited.compareTo(QUIET_TIMEOUT) >= 0) {
            say("The stack was still busy after %d s; timing anyway", QUIET_TIMEOUT.toSeconds());
        } else if (waited.toMillis() > 1_500) {
            say("Waited %.1f s for a quiet stack", waited.toMillis() / 1000.0);
        }
    }

    static void say(String format, Object... args) {
        System.out.println("[bench] " + String.format(Locale.ROOT, format, args));
    }
}
