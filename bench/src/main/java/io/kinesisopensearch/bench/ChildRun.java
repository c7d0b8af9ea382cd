package io.kinesisopensearch.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a pipeline contender, (d) or (e), in a JVM of its own, so that its resident set is its own,
 * and reads back the probe line it prints ({@code PROBE k=v ...}).
 */
final class ChildRun {

    /** The same heap limit for both pipelines. */
    static final String HEAP = "-Xmx1g";
    /**
     * The SDK speaks JSON to kinesis-mock instead of CBOR, in both pipelines: on the first smoke run
     * the worker's GetRecords calls (about 1.6 MB each here) got no answer in 60 s while the same
     * call in JSON took 5 s (kinesis-mock logged broken pipes). Real Kinesis needs no such flag.
     */
    static final String NO_CBOR = "-Daws.cborEnabled=false";

    /**
     * What the child reported: its times from its {@code main} in milliseconds (-1 where unknown),
     * peak heap used, peak heap left after a collection, peak RSS, the live heap at half-way and the
     * pause its histogram took, the wall-clock time of its {@code main}, the time its JIT compilers
     * and its collectors spent; its wall time from process
     * start to exit, the CPU time it used (sampled while it ran, so up to {@link #CPU_SAMPLE} short),
     * what the stack's processes used meanwhile, and its log.
     */
    record Probe(long firstReadMillis, long firstSearchableMillis, long allSearchableMillis, long count,
            long peakHeapBytes, long peakHeapAfterGcBytes, long peakRssBytes, long liveHeapBytes, long liveHeapMillis,
            long startEpochMillis, long jitMillis, long gcMillis, long processMillis, long cpuMillis,
            Map<String, Duration> stackCpu, Path log, long cpuQuarterNanos, long countQuarter, long cpuEndNanos,
            long rssBytes) {

        /**
         * CPU seconds per GB indexed once warm: from the moment a quarter of the documents were
         * searchable to the last, over the bytes of the documents indexed meanwhile; -1 when unknown.
         */
        double steadyCpuSecondsPerGb(long documents, long bytes) {
            if (cpuQuarterNanos < 0 || cpuEndNanos < 0 || count <= countQuarter) {
                return -1;
            }
            double steadyBytes = (double) (count - countQuarter) * bytes / documents;
            return (cpuEndNanos - cpuQuarterNanos) / 1e9 / (steadyBytes / 1e9);
        }
    }

    private static final Duration CPU_SAMPLE = Duration.ofMillis(200);

    private ChildRun() {
    }

    static Probe run(String classPath, String mainClass, List<String> jvmOptions, List<String> args,
            Map<String, String> environment, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, NO_CBOR));
        command.addAll(jvmOptions);
        if (Boolean.getBoolean("bench.jfr")) {
            // A profile of the contender, beside its log: where its threads spent the run.
            String name = log.getFileName().toString().replaceFirst("\\.log$", "");
            command.add("-XX:StartFlightRecording=settings=profile,filename=" + log.resolveSibling(name + ".jfr"));
        }
        command.addAll(List.of("-cp", classPath, mainClass));
        command.addAll(args);
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(environment);
        StackCpu.Sample stackBefore = StackCpu.sample();
        long started = System.nanoTime();
        Process process = builder.start();
        Duration cpu = Duration.ZERO;
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(12).toNanos();
            // The CPU time of a process is gone once it has exited: sample it while it runs.
            while (!process.waitFor(CPU_SAMPLE.toMillis(), TimeUnit.MILLISECONDS)) {
                cpu = process.info().totalCpuDuration().orElse(cpu);
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(mainClass + " did not end within 12 minutes; see " + log);
                }
            }
        } finally {
            process.destroyForcibly();
        }
        long processMillis = (System.nanoTime() - started) / 1_000_000;
        Map<String, Duration> stackCpu = StackCpu.sample().since(stackBefore);
        String probe = Files.readAllLines(log).stream().filter(line -> line.startsWith("PROBE ")).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException(mainClass + " printed no probe line; see " + log));
        Map<String, Long> values = new HashMap<>();
        for (String pair : probe.substring("PROBE ".length()).split(" ")) {
            String[] parts = pair.split("=", 2);
            values.put(parts[0], Long.parseLong(parts[1]));
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(mainClass + " exited with " + process.exitValue() + " (" + probe + "); see " + log);
        }
        return new Probe(values.get("firstReadMillis"), values.get("firstSearchableMillis"),
                values.get("allSearchableMillis"), values.get("count"), values.get("peakHeapBytes"),
                values.get("peakHeapAfterGcBytes"), values.get("peakRssBytes"), values.getOrDefault("liveHeapBytes", -1L),
                values.getOrDefault("liveHeapMillis", -1L), values.getOrDefault("startEpochMillis", -1L),
                values.getOrDefault("jitMillis", -1L), values.getOrDefault("gcMillis", -1L), processMillis, cpu.toMillis(),
                stackCpu, log, values.getOrDefault("cpuQuarterNanos", -1L), values.getOrDefault("countQuarter", -1L),
                values.getOrDefault("cpuEndNanos", -1L), values.getOrDefault("rssBytes", -1L));
    }

    /** This JVM's class path: the bench module's runtime class path, as the build runs the harness. */
    static String ownClassPath() {
        return System.getProperty("java.class.path");
    }

    static String joinPath(String... parts) {
        return String.join(File.pathSeparator, parts);
    }
}
