package io.kinesisopensearch.bench;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.profile.JavaFlightRecorderProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link MappingBenchmark} and prints, per format, the MB/s of the mapping next to bare Jackson
 * and the ratios, twice: per second of wall-clock time (JMH's score) and per second of the benchmark
 * thread's CPU time ({@link CpuTimeProfiler}), which a machine shared with other work disturbs far less. MB/s
 * counts record bytes (as they arrive from Kinesis) for every column, so a ratio is the mapping's
 * throughput over Jackson's on the same batch. {@code -Dbench.quick=true} runs shorter iterations
 * for a smoke test, its figures rough; {@code -Dbench.formats=JSON,CSV} runs some formats only;
 * {@code -Dbench.jfr=true} also records each benchmark with JFR into target/jfr; {@code -Dbench.warmups=N} sets
 * the warm-up iterations (3).
 */
public final class BenchmarkReport {

    private BenchmarkReport() {
    }

    public static void main(String[] args) throws Exception {
        Payloads.main(args);
        ChainedOptionsBuilder options = new OptionsBuilder().include(MappingBenchmark.class.getName() + ".*")
                .addProfiler(CpuTimeProfiler.class);
        String formats = System.getProperty("bench.formats", "");
        if (!formats.isBlank()) {
            options.param("format", formats.split(","));
        }
        if (Boolean.getBoolean("bench.quick")) {
            options.warmupIterations(1).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(2).measurementTime(TimeValue.seconds(1));
        }
        if (Integer.getInteger("bench.warmups", 0) > 0) {
            // More warm-up when other work slows the JIT down: CPU time per operation counts the compiler's too.
            options.warmupIterations(Integer.getInteger("bench.warmups"));
        }
        if (Boolean.getBoolean("bench.jfr")) {
            options.addProfiler(JavaFlightRecorderProfiler.class, "dir=target/jfr");
        }
        Collection<RunResult> results = new Runner(options.build()).run();

        Map<String, Map<String, double[]>> wall = new TreeMap<>();
        Map<String, Map<String, double[]>> cpu = new TreeMap<>();
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            String format = result.getParams().getParam("format");
            double megabytes = Payloads.valueOf(format).batchBytes() / 1_000_000.0;
            Result<?> score = result.getPrimaryResult();
            wall.computeIfAbsent(format, f -> new TreeMap<>()).put(method, new double[] {
                    score.getScore() * megabytes, score.getScoreError() * megabytes});
            // ms of CPU per operation to MB per CPU second: the best iteration, the one least disturbed by
            // other work and unfinished compilation, and the median.
            Statistics millis = result.getSecondaryResults().get(CpuTimeProfiler.LABEL).getStatistics();
            cpu.computeIfAbsent(format, f -> new TreeMap<>()).put(method, new double[] {
                    megabytes * 1000 / millis.getMin(), megabytes * 1000 / millis.getPercentile(50)});
        }

        System.out.println();
        table("Mapping throughput on one thread, MB/s of record bytes (± 99.9% error), " + Payloads.RECORDS
                + " records per operation", wall, false);
        table("The same per second of CPU time of the benchmark thread (GC and JIT threads not counted), MB/s:"
                + " best iteration [median]; ratios of the best", cpu, true);
        if (cpu.containsKey("JSON")) {
            double[] json = wall.get("JSON").get("mapping");
            double jsonRatio = cpu.get("JSON").get("mapping")[0] / cpu.get("JSON").get("jacksonTree")[0];
            System.out.printf(Locale.ROOT, "JSON target (>= 0.8 of Jackson tree parse-and-write and >= 100 MB/s): %s%n",
                    jsonRatio >= 0.8 && json[0] >= 100 ? "met" : "NOT met");
        }
        if (cpu.containsKey("CLOUDWATCH_LOGS")) {
            double ratio = cpu.get("CLOUDWATCH_LOGS").get("mapping")[0] / cpu.get("CLOUDWATCH_LOGS").get("jacksonStreaming")[0];
            System.out.printf(Locale.ROOT, "CLOUDWATCH_LOGS target (>= 0.8 of Jackson streaming, CPU time): %.2f, %s%n",
                    ratio, ratio >= 0.8 ? "met" : "NOT met");
        }
        hooks(cpu);
        System.out.println("Baselines: JSON and DynamoDB parse and write the record bytes; CloudWatch Logs inflates"
                + " them first; CSV and text, which Jackson cannot read, parse and write the documents they map to.");
    }

    /** The mapping with a hook beside the mapping without, per CPU second: the hook target is judged on the trivial hook. */
    private static void hooks(Map<String, Map<String, double[]>> cpu) {
        System.out.println("Mapping hooks, MB per CPU second of the benchmark thread: best iteration [median]; ratios of"
                + " the best to the mapping without a hook");
        System.out.printf(Locale.ROOT, "%-16s %20s %20s %8s %20s %8s%n", "format", "no hook", "trivial hook", "ratio",
                "computed field", "ratio");
        boolean met = true;
        for (Map.Entry<String, Map<String, double[]>> format : cpu.entrySet()) {
            double[] none = format.getValue().get("mapping");
            double[] trivial = format.getValue().get("mappingTrivialHook");
            double[] computed = format.getValue().get("mappingComputedField");
            if (none == null || trivial == null || computed == null) {
                continue;
            }
            met &= trivial[0] / none[0] >= 0.9;
            System.out.printf(Locale.ROOT, "%-16s %20s %20s %8.2f %20s %8.2f%n", format.getKey(), figure(none, true),
                    figure(trivial, true), trivial[0] / none[0], figure(computed, true), computed[0] / none[0]);
        }
        System.out.printf(Locale.ROOT, "Hook target (a trivial hook keeps >= 0.9 of the mapping without, CPU time): %s%n",
                met ? "met" : "NOT met");
    }

    private static void table(String title, Map<String, Map<String, double[]>> scores, boolean median) {
        System.out.println(title);
        System.out.printf(Locale.ROOT, "%-16s %20s %20s %8s %20s %8s%n", "format", "mapping", "Jackson tree",
                "ratio", "Jackson streaming", "ratio");
        for (Map.Entry<String, Map<String, double[]>> format : scores.entrySet()) {
            double[] mapping = format.getValue().get("mapping");
            double[] tree = format.getValue().get("jacksonTree");
            double[] streaming = format.getValue().get("jacksonStreaming");
            System.out.printf(Locale.ROOT, "%-16s %20s %20s %8.2f %20s %8.2f%n", format.getKey(), figure(mapping, median),
                    figure(tree, median), mapping[0] / tree[0], figure(streaming, median), mapping[0] / streaming[0]);
        }
    }

    private static String figure(double[] score, boolean median) {
        return String.format(Locale.ROOT, median ? "%.1f [%.1f]" : "%.1f ± %.1f", score[0], score[1]);
    }
}
