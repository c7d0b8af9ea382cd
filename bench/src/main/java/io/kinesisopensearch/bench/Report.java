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
    private final Map<String, Timings> timings;
    private final List<ChildRun.Probe> worker;
    private final List<ChildRun.Probe> newApplication;
    private final List<ChildRun.Probe> flink;
    private final List<LatencyRun.Result> latency;

    Report(long documents, long bytes, int repetitions, Map<String, Timings> timings, List<ChildRun.Probe> worker,
            List<ChildRun.Probe> newApplication, List<ChildRun.Probe> flink, List<LatencyRun.Result> latency) {
        this.documents = documents;
        this.bytes = bytes;
        this.repetitions = repetitions;
        this.timings = timings;
        this.worker = worker;
        this.newApplication = newApplication;
        this.flink = flink;
        this.latency = latency;
    }

    void print() {
        double ceiling = timings.get("a").rate(documents);
        line("");
        line("Side by side: %,d documents (%.1f MB), %d repetitions each, every run checked: count = distinct ids = %,d,"
                + " none missing, none written twice", documents, bytes / 1e6, repetitions, documents);
        line("%-28s %10s %8s %10s %8s  %s", "contender", "docs/s", "MB/s", "x (a)", "spread", "seconds of each run");
        timings.forEach((key, runs) -> {
            if (!runs.isEmpty()) {
                line("%-28s %,10.0f %8.2f %10.3f %7.0f%%  %s", LABELS.get(key), runs.rate(documents),
                        runs.rate(documents) * bytes / documents / 1e6, runs.rate(documents) / ceiling,
                        runs.spreadPercent(documents), runs.seconds().stream()
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
        line("Targets:");
        double a = ceiling;
        double c = timings.get("c").rate(documents);
        line("  (c) >= 0.9 x (a): %.3f, %s", c / a, met(c >= 0.9 * a));
        line("  (c) >= 20 x (b): %.1f x, %s", c / timings.get("b").rate(documents), met(c >= 20 * timings.get("b").rate(documents)));
        if (!flink.isEmpty() && !worker.isEmpty()) {
            double d = timings.get("d").rate(documents);
            double e = timings.get("e").rate(documents);
            // Memory over every run of the worker, a new application's included.
            List<ChildRun.Probe> workers = new ArrayList<>(worker);
            workers.addAll(newApplication);
            long dRss = max(workers, ChildRun.Probe::peakRssBytes);
            long eRss = max(flink, ChildRun.Probe::peakRssBytes);
            long dHeap = max(workers, ChildRun.Probe::peakHeapBytes);
            long eHeap = max(flink, ChildRun.Probe::peakHeapBytes);
            line("  (d) at least as fast as (e): %.2f x, %s (a new application's first start: %s)", d / e, met(d >= e),
                    timings.get("dn").isEmpty() ? "not measured" : String.format(Locale.ROOT, "%.2f x, %s",
                            timings.get("dn").rate(documents) / e, met(timings.get("dn").rate(documents) >= e)));
            line("  (d) with less memory than (e) (the largest of the runs): RSS %.0f vs %.0f MiB, peak heap used %.0f vs"
                    + " %.0f MiB, %s (live heap at half-way %.0f vs %.0f MiB)", dRss / MIB, eRss / MIB, dHeap / MIB,
                    eHeap / MIB, met(dRss < eRss && dHeap < eHeap), max(workers, ChildRun.Probe::liveHeapBytes) / MIB,
                    max(flink, ChildRun.Probe::liveHeapBytes) / MIB);
        } else {
            line("  (d) vs (e): NOT measured (runs: worker %d, Flink %d)", worker.size(), flink.size());
        }
        latency.stream().filter(way -> way.way().equals(LatencyRun.Way.DEFAULTS.name())).findFirst().ifPresent(way ->
                line("  put-to-searchable p99 <= 1,500 ms, default settings: %,d ms, %s", way.p99(), met(way.p99() <= 1_500)));
    }

    List<Chart.Bar> bars() {
        List<Chart.Bar> bars = new ArrayList<>();
        timings.forEach((key, runs) -> {
            if (!runs.isEmpty()) {
                bars.add(new Chart.Bar(LABELS.get(key), runs.rate(documents), runs.lowestRate(documents),
                        runs.highestRate(documents)));
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
