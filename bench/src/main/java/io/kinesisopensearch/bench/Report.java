package io.kinesisopensearch.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/** The printed table of one benchmark run, its targets, and the chart's bars. */
final class Report {

    private static final Map<String, String> LABELS = Map.of(
            "a", "(a) raw bulk loader",
            "b", "(b) per-record indexer",
            "c", "(c) worker processing path",
            "d", "(d) worker full pipeline",
            "dn", "(d) worker, new application",
            "e", "(e) Flink job");
    private static final double MIB = 1024 * 1024;

    private final long documents;
    private final long bytes;
    private final int repetitions;
    private final int perRecordDocuments;
    private final int fetch;
    private final Map<String, Timings> timings;
    private final List<ChildRun.Probe> worker;
    private final List<ChildRun.Probe> newApplication;
    private final List<ChildRun.Probe> flink;
    private final List<LatencyRun.Result> latency;

    Report(long documents, long bytes, int repetitions, int perRecordDocuments, int fetch, Map<String, Timings> timings,
            List<ChildRun.Probe> worker, List<ChildRun.Probe> newApplication, List<ChildRun.Probe> flink,
            List<LatencyRun.Result> latency) {
        this.documents = documents;
        this.bytes = bytes;
        this.repetitions = repetitions;
        this.perRecordDocuments = perRecordDocuments;
        this.fetch = fetch;
        this.timings = timings;
        this.worker = worker;
        this.newApplication = newApplication;
        this.flink = flink;
        this.latency = latency;
    }

    /** How many documents each run of {@code key} indexed: (b) a share of them, the others all. */
    private long documentsOf(String key) {
        return key.equals("b") ? perRecordDocuments : documents;
    }

    /** The rates of {@code key}'s runs. */
    private Spread rates(String key) {
        long count = documentsOf(key);
        return Spread.of(timings.get(key).seconds().stream().map(seconds -> count / seconds).toList());
    }

    void print() {
        double ceiling = timings.get("a").rate(documents);
        line("");
        line("Side by side: %,d documents (%.1f MB; (b) the first %,d), %d repetitions each, every run checked: count ="
                + " distinct ids = documents, none missing, none written twice", documents, bytes / 1e6,
                perRecordDocuments, repetitions);
        line("(d) and (e) read the same stream, loaded before the clock, by GetRecords polling, %,d records a call both",
                fetch);
        line("%-28s %10s %8s %10s %8s  %s", "contender", "docs/s", "MB/s", "x (a)", "spread", "seconds of each run");
        timings.forEach((key, runs) -> {
            if (!runs.isEmpty()) {
                long count = documentsOf(key);
                line("%-28s %,10.0f %8.2f %10.3f %7.0f%%  %s", LABELS.get(key), runs.rate(count),
                        runs.rate(count) * bytes / documents / 1e6, runs.rate(count) / ceiling,
                        runs.spreadPercent(count), runs.seconds().stream()
                                .map(s -> String.format(Locale.ROOT, "%.2f", s)).collect(Collectors.joining(", ")));
            }
        });
        line("(d) and (e) are timed from their JVM's main to the last document searchable (refresh + count every 250 ms).");
        line("(d) starts on an application whose lease table holds its leases (every start after the first);"
                + " (d) worker, new application is the application's first start.");
        pipeline("(d) worker", "KCL start-up (first record read)", worker);
        startup("(d) worker", worker);
        pipeline("(d) worker, new application", "KCL start-up (first record read)", newApplication);
        startup("(d) worker, new application", newApplication);
        pipeline("(e) Flink", "MiniCluster + source start (first document searchable)", flink);
        if (!worker.isEmpty() && !flink.isEmpty()) {
            // Once both deliver: the same documents through the same emulator and index, start-up left out.
            ToLongFunction<ChildRun.Probe> flowing = p -> p.allSearchableMillis() - p.firstSearchableMillis();
            line("From the first document searchable to the last, s: (d) %s, (e) %s; at the medians (d) %.2f x (e)'s rate",
                    seconds(worker, flowing), seconds(flink, flowing),
                    timings(flink, flowing).medianSeconds() / timings(worker, flowing).medianSeconds());
        }
        for (LatencyRun.Result way : latency) {
            line("Put-to-searchable latency, %s, %,d records at %d/s: p50 %,d ms, p99 %,d ms, max %,d ms%s%s", way.way(),
                    way.records(), way.rate(), way.p50(), way.p99(), way.max(), way.deliveryP99() >= 0
                            ? String.format(Locale.ROOT, "; put to handed to the worker p50 %,d ms, p99 %,d ms",
                                    way.deliveryP50(), way.deliveryP99())
                            : "", way.workerStartMillis() > 0
                            ? String.format(Locale.ROOT, " (first document searchable %,d ms after the worker's start)",
                                    way.workerStartMillis())
                            : "");
        }
        Spread workerCost = Spread.of(cost(worker));
        Spread flinkCost = Spread.of(cost(flink));
        Spread workerRss = Spread.of(worker.stream().map(p -> p.peakRssBytes() / MIB).toList());
        Spread flinkRss = Spread.of(flink.stream().map(p -> p.peakRssBytes() / MIB).toList());
        if (!workerCost.isEmpty() && !flinkCost.isEmpty()) {
            line("Cost, steady state (from a quarter of the documents searchable to the last): CPU s per GB indexed,"
                    + " the pipeline JVM's own (its JIT and collectors included): (d) worker %s median %.1f, spread %.0f%%;"
                    + " (e) Flink %s median %.1f, spread %.0f%%", values(workerCost, "%.1f"), workerCost.median(),
                    workerCost.spreadPercent(), values(flinkCost, "%.1f"), flinkCost.median(), flinkCost.spreadPercent());
            line("Peak RSS, MiB (same -Xmx1g): (d) worker %s median %.0f; (e) Flink %s median %.0f", values(workerRss, "%.0f"),
                    workerRss.median(), values(flinkRss, "%.0f"), flinkRss.median());
        }
        line("Targets (judged between the runs' quartiles; where they straddle the target: %s):", Verdict.NO_VERDICT);
        line("  (c) >= 0.9 x (a): %s", Verdict.judge(rates("c"), rates("a"), 0.9, true, false));
        line("  (c) >= 20 x (b): %s", Verdict.judge(rates("c"), rates("b"), 20, true, false));
        if (!flink.isEmpty() && !worker.isEmpty()) {
            line("  (d) >= 1.0 x (e): %s%s", Verdict.judge(rates("d"), rates("e"), 1.0, true, false),
                    timings.get("dn").isEmpty() ? "" : String.format(Locale.ROOT, " (a new application's first start: %s)",
                            Verdict.judge(rates("dn"), rates("e"), 1.0, true, false)));
            line("  worker CPU per GB <= 0.5 x Flink's: %s", Verdict.judge(workerCost, flinkCost, 0.5, false, false));
            line("  worker peak RSS < Flink's: %s", Verdict.judge(workerRss, flinkRss, 1.0, false, true));
        } else {
            line("  (d) vs (e): NOT measured (runs: worker %d, Flink %d)", worker.size(), flink.size());
        }
        latency.stream().filter(way -> way.way().equals(LatencyRun.Way.DEFAULTS.name())).findFirst().ifPresent(way ->
                line("  put-to-searchable p99 <= 1,500 ms, default settings: %,d ms, %s", way.p99(), met(way.p99() <= 1_500)));
    }

    /** Each run's steady-state CPU seconds per GB, where its probe measured it. */
    private List<Double> cost(List<ChildRun.Probe> probes) {
        return probes.stream().map(p -> p.steadyCpuSecondsPerGb(documents, bytes)).filter(c -> c > 0).toList();
    }

    private static String values(Spread spread, String format) {
        return spread.sorted().stream().map(v -> String.format(Locale.ROOT, format, v))
                .collect(Collectors.joining(" / ", "[", "]"));
    }

    List<Chart.Bar> bars() {
        List<Chart.Bar> bars = new ArrayList<>();
        timings.forEach((key, runs) -> {
            if (!runs.isEmpty()) {
                long count = documentsOf(key);
                bars.add(new Chart.Bar(LABELS.get(key), runs.rate(count), runs.lowestRate(count), runs.highestRate(count)));
            }
        });
        return bars;
    }

    private void pipeline(String who, String startName, List<ChildRun.Probe> probes) {
        if (probes.isEmpty()) {
            return;
        }
        line("%s: %s %s ms; first document searchable %s ms; all searchable %s ms; JVM exit %s ms; peak heap used %s MiB;"
                + " peak heap after a collection %s MiB; peak RSS %s MiB; live heap at half-way %s MiB (its histogram's"
                + " full collection %s ms)", who, startName,
                each(probes, p -> p.firstReadMillis() >= 0 ? p.firstReadMillis() : p.firstSearchableMillis()),
                each(probes, ChildRun.Probe::firstSearchableMillis), each(probes, ChildRun.Probe::allSearchableMillis),
                each(probes, ChildRun.Probe::processMillis), each(probes, p -> Math.round(p.peakHeapBytes() / MIB)),
                each(probes, p -> Math.round(p.peakHeapAfterGcBytes() / MIB)),
                each(probes, p -> Math.round(p.peakRssBytes() / MIB)),
                each(probes, p -> p.liveHeapBytes() < 0 ? -1 : Math.round(p.liveHeapBytes() / MIB)),
                each(probes, ChildRun.Probe::liveHeapMillis));
        // Whose work bounds the rate: CPU seconds of each process over the run's wall time (2 cores).
        StringBuilder cpu = new StringBuilder(String.format(Locale.ROOT,
                "%s: CPU s during each run: itself %s (its JIT compilers %s, its collectors %s)", who,
                seconds(probes, ChildRun.Probe::cpuMillis), seconds(probes, ChildRun.Probe::jitMillis),
                seconds(probes, ChildRun.Probe::gcMillis)));
        probes.get(0).stackCpu().keySet().forEach(name -> cpu.append(String.format(Locale.ROOT, ", %s %s", name,
                seconds(probes, p -> p.stackCpu().getOrDefault(name, Duration.ZERO).toMillis()))));
        line("%s; wall %s", cpu, seconds(probes, ChildRun.Probe::processMillis));
    }

    private static String seconds(List<ChildRun.Probe> probes, ToLongFunction<ChildRun.Probe> millis) {
        return probes.stream().map(p -> String.format(Locale.ROOT, "%.1f", millis.applyAsLong(p) / 1000.0))
                .collect(Collectors.joining(" / ", "[", "]"));
    }

    /** KCL's start-up of each run in its steps, from the worker's log; "-" for a step that did not happen. */
    private void startup(String who, List<ChildRun.Probe> probes) {
        if (probes.isEmpty()) {
            return;
        }
        List<KclStartup> steps = probes.stream()
                .map(p -> KclStartup.of(p.log(), p.startEpochMillis(), p.firstReadMillis())).toList();
        line("%s: KCL start-up in steps, s: its tables ready %s; waiting for the lease table's index %s"
                + " (KCL polls it every 10 s); waiting while the lease table is empty %s (KCL: a random 1 to 30 s);"
                + " shard sync and lease taking %s; from KCL initialised to the first record read %s", who,
                steps(steps, KclStartup::tablesMillis), steps(steps, KclStartup::indexWaitMillis),
                steps(steps, KclStartup::emptyTableWaitMillis), steps(steps, KclStartup::shardSyncMillis),
                steps(steps, KclStartup::firstReadMillis));
    }

    private static String steps(List<KclStartup> steps, ToLongFunction<KclStartup> millis) {
        return steps.stream().map(s -> millis.applyAsLong(s) < 0 ? "-"
                : String.format(Locale.ROOT, "%.1f", millis.applyAsLong(s) / 1000.0)).collect(Collectors.joining(" / ", "[", "]"));
    }

    /** One measure of each run as {@link Timings}, for its median. */
    private static Timings timings(List<ChildRun.Probe> probes, ToLongFunction<ChildRun.Probe> millis) {
        Timings timings = new Timings();
        probes.forEach(p -> timings.add(millis.applyAsLong(p) / 1000.0));
        return timings;
    }

    private static String each(List<ChildRun.Probe> probes, ToLongFunction<ChildRun.Probe> value) {
        return probes.stream().map(p -> String.format(Locale.ROOT, "%,d", value.applyAsLong(p)))
                .collect(Collectors.joining(" / ", "[", "]"));
    }

    private static long max(List<ChildRun.Probe> probes, ToLongFunction<ChildRun.Probe> value) {
        return probes.stream().mapToLong(value).max().orElse(-1);
    }

    private static String met(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static void line(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
