package io.kinesisopensearch.transformer.bench;

import io.kinesisopensearch.bench.CpuTimeProfiler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.openjdk.jmh.profile.JavaFlightRecorderProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Prints the transformer's two start-to-answer figures: the warm transform of a 6 MB event (JMH,
 * {@link TransformBenchmark}) and the cold start from a new JVM to the first response
 * ({@link ColdStartHarness}), each against its target (100 ms warm, 1 s cold), and the JSON cold
 * start once more from an application class-data archive, which a function that brings its own
 * JVM can have.
 * Next to the warm transform of the CloudWatch Logs event it prints that event's floor
 * ({@link LogsFloorBenchmark}: inflate alone, inflate and a bare Jackson copy), and for every row the
 * benchmark thread's CPU time per event ({@link CpuTimeProfiler}), steadier than wall time on a shared machine.
 * {@code -Dbench.quick=true} runs shorter, rougher; {@code -Dbench.cold=false} skips the cold starts;
 * {@code -Dbench.jfr=true} records each benchmark with JFR into target/jfr; {@code -Dbench.warmups=N}
 * sets the warm-up iterations (3).
 */
public final class BenchmarkReport {

    private static final int COLD_RUNS = 5;

    private BenchmarkReport() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Boolean.getBoolean("bench.quick");
        ChainedOptionsBuilder options = new OptionsBuilder().include(TransformBenchmark.class.getName() + ".*")
                .include(LogsFloorBenchmark.class.getName() + ".*").addProfiler(CpuTimeProfiler.class);
        if (quick) {
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

        System.out.println();
        System.out.println("Warm transform of one 6 MB event, event bytes to response bytes (JMH, ms ± 99.9% error;"
                + " CPU: ms of CPU time of the benchmark thread, best iteration)");
        System.out.printf(Locale.ROOT, "%-16s %10s %8s %10s %8s %10s %16s %8s%n", "format", "event", "records", "documents",
                "Ok", "response", "ms per event", "CPU ms");
        double jsonMillis = Double.NaN;
        Map<String, RunResult> floor = new TreeMap<>();
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            if (benchmark.startsWith(LogsFloorBenchmark.class.getName())) {
                floor.put(benchmark.substring(benchmark.lastIndexOf('.') + 1), result);
                continue;
            }
            String format = result.getParams().getParam("format");
            List<Long> shape = TransformBenchmark.shape(format);
            double score = result.getPrimaryResult().getScore();
            if (format.equals("JSON")) {
                jsonMillis = score;
            }
            System.out.printf(Locale.ROOT, "%-16s %10d %8d %10d %8d %10d %16s %8.1f%n", format, shape.get(0), shape.get(1),
                    shape.get(2), shape.get(3), shape.get(4),
                    String.format(Locale.ROOT, "%.1f ± %.1f", score, result.getPrimaryResult().getScoreError()), cpu(result));
        }
        if (!floor.isEmpty()) {
            long[] sizes = LogsFloorBenchmark.sizes();
            System.out.printf(Locale.ROOT, "Floor for the CLOUDWATCH_LOGS event: its payloads, %d bytes of gzip, inflate to %d"
                    + " bytes of JSON; bare JDK and Jackson on them alone, ms per event%n", sizes[0], sizes[1]);
            floorRow("java.util.zip inflate", floor.get("inflate"));
            floorRow("inflate + Jackson streaming copy", floor.get("inflateAndCopy"));
        }
        if (!Boolean.parseBoolean(System.getProperty("bench.cold", "true"))) {
            return;
        }

        Path jar = Path.of(System.getProperty("bench.lambda-jar"));
        long[] coldNoop;
        long[] coldJson;
        long[] coldJsonArchived;
        long[] coldLogs;
        try (ColdStartHarness cold = new ColdStartHarness(jar, Path.of(System.getProperty("bench.classes")))) {
            int runs = quick ? 2 : COLD_RUNS;
            // The yardstick runs before and after the transformer, so a drift of the machine shows in its runs.
            long[] before = cold.time(smallJsonEvent(), "json", (runs + 1) / 2, NoopColdStart.class);
            coldJson = cold.time(smallJsonEvent(), "json", runs);
            coldLogs = cold.time(smallLogsEvent(), "cloudwatch-logs", runs);
            coldJsonArchived = cold.timeWithClassArchive(smallJsonEvent(), "json", runs);
            long[] after = cold.time(smallJsonEvent(), "json", runs / 2 + 1, NoopColdStart.class);
            coldNoop = java.util.stream.LongStream.concat(Arrays.stream(before), Arrays.stream(after)).toArray();
        }
        long noop = ColdStartHarness.median(coldNoop);
        System.out.printf(Locale.ROOT, "Cold start: a new JVM (%s) on %s (%d bytes) to its first response, ms;"
                        + " median of %d runs [all runs]%n", String.join(" ", ColdStartHarness.LAMBDA_JVM_FLAGS),
                jar.getFileName(), Files.size(jar), coldJson.length);
        System.out.printf(Locale.ROOT, "  a do-nothing handler (reads the event, answers), the yardstick: %5d  %s%n",
                noop, Arrays.toString(coldNoop));
        System.out.printf(Locale.ROOT, "  JSON event, 10 records, no re-ingest:                      %5d  %s  %.2f x the do-nothing handler%n",
                ColdStartHarness.median(coldJson), Arrays.toString(coldJson), ColdStartHarness.median(coldJson) / (double) noop);
        System.out.printf(Locale.ROOT, "  CloudWatch Logs record of 10 events, Firehose client built: %5d  %s  %.2f x the do-nothing handler%n",
                ColdStartHarness.median(coldLogs), Arrays.toString(coldLogs), ColdStartHarness.median(coldLogs) / (double) noop);
        System.out.printf(Locale.ROOT, "  JSON event, the JVM started from a class-data archive:      %5d  %s  %.2f x the do-nothing handler%n",
                ColdStartHarness.median(coldJsonArchived), Arrays.toString(coldJsonArchived),
                ColdStartHarness.median(coldJsonArchived) / (double) noop);
        double coldRatio = ColdStartHarness.median(coldJson) / (double) noop;
        System.out.printf(Locale.ROOT, "Targets: warm JSON <= 100 ms: %s; cold <= 1000 ms: %s (no re-ingest), %s (with"
                        + " the first re-ingest); cold without re-ingest <= 2 x the do-nothing handler: %.2f, %s%n",
                jsonMillis <= 100 ? "met" : "NOT met",
                ColdStartHarness.median(coldJson) <= 1000 ? "met" : "NOT met",
                ColdStartHarness.median(coldLogs) <= 1000 ? "met" : "NOT met",
                coldRatio, coldRatio <= 2 ? "met" : "NOT met");
    }

    private static void floorRow(String what, RunResult result) {
        if (result != null) {
            System.out.printf(Locale.ROOT, "  %-40s %16s %8.1f%n", what, String.format(Locale.ROOT, "%.1f ± %.1f",
                    result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError()), cpu(result));
        }
    }

    private static double cpu(RunResult result) {
        // The best iteration: the one least disturbed by other work and unfinished compilation.
        return result.getSecondaryResults().get(CpuTimeProfiler.LABEL).getStatistics().getMin();
    }

    private static byte[] smallJsonEvent() {
        return event(java.util.stream.IntStream.range(0, 10)
                .mapToObj(i -> ("{\"orderId\":\"order-" + i + "\",\"amount\":" + i + ".50}").getBytes(StandardCharsets.UTF_8))
                .toList());
    }

    private static byte[] smallLogsEvent() {
        String events = java.util.stream.IntStream.range(0, 10).mapToObj(i -> "{\"id\":\"" + i + "\",\"timestamp\":"
                + (1_795_000_000_000L + i) + ",\"message\":\"line " + i + "\"}").collect(Collectors.joining(","));
        String message = "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"123456789012\",\"logGroup\":\"/g\",\"logStream\":\"s\","
                + "\"subscriptionFilters\":[\"f\"],\"logEvents\":[" + events + "]}";
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(bytes)) {
            gzip.write(message.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return event(List.of(bytes.toByteArray()));
    }

    private static byte[] event(List<byte[]> records) {
        StringBuilder json = new StringBuilder("{\"invocationId\":\"cold\",\"deliveryStreamArn\":"
                + "\"arn:aws:firehose:us-east-1:123456789012:deliverystream/bench\",\"region\":\"us-east-1\",\"records\":[");
        for (int i = 0; i < records.size(); i++) {
            json.append(i == 0 ? "" : ",").append("{\"recordId\":\"4954698668313554428650745793632162567570019247115678515")
                    .append(i).append("\",\"approximateArrivalTimestamp\":1795000000000,\"data\":\"")
                    .append(Base64.getEncoder().encodeToString(records.get(i))).append("\"}");
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
