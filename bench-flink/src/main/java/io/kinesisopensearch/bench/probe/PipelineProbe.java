package io.kinesisopensearch.bench.probe;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * What a pipeline contender's JVM reports about itself, the same way for the worker and for the
 * Flink job: the time from its {@code main} to the first and to the last document searchable, and
 * its peak heap used, peak heap after a collection and peak resident set. It prints one
 * {@code PROBE k=v ...} line for the harness. Only the JDK, so that both class paths can carry it.
 *
 * <p>Heap used at its peak depends on when the collector ran (the same worker peaked at 212 and 403
 * MiB in two runs of one benchmark). What is left after each collection is reported too, but after a
 * young collection G1 still counts the whole old generation, garbage included. So once half the
 * documents are searchable, while the pipeline is busiest, the probe also takes a class histogram
 * of the live objects (a full collection, the same pause for both contenders, its length printed):
 * the heap the pipeline really holds, and by which classes.
 */
public final class PipelineProbe implements AutoCloseable {

    /** How often the index is refreshed and counted; the same for every contender. */
    public static final Duration POLL = Duration.ofMillis(250);
    private static final Pattern COUNT = Pattern.compile("\"count\"\\s*:\\s*(\\d+)");

    /** Rows of the live-heap histogram printed to the log. */
    private static final int HISTOGRAM_ROWS = 15;
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)");

    private final long started = System.nanoTime();
    private final long startedEpochMillis = System.currentTimeMillis();
    private final URI openSearch;
    private final String index;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peakHeap = new AtomicLong();
    private final AtomicLong peakAfterGc = new AtomicLong();
    private final Thread sampler;
    private volatile boolean closed;

    public PipelineProbe(URI openSearch, String index) {
        this.openSearch = openSearch;
        this.index = index;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) collector).addNotificationListener(this::collected, null, null);
        }
        this.sampler = new Thread(this::sample, "memory-probe");
        sampler.setDaemon(true);
        sampler.start();
    }

    /**
     * Waits until {@code expected} documents are searchable, or {@code timeout} passed; prints the
     * probe line. {@code firstRead} gives the milliseconds since start at which the pipeline read its
     * first record (its own start-up), or -1 where it cannot tell.
     */
    public boolean await(long expected, Duration timeout, LongSupplier firstRead) throws InterruptedException {
        long deadline = started + timeout.toNanos();
        long firstSearchable = -1;
        long count = 0;
        long liveHeap = -1;
        long liveHeapMillis = -1;
        long cpuQuarter = -1;
        long countQuarter = -1;
        while (System.nanoTime() < deadline) {
            count = count();
            if (count > 0 && firstSearchable < 0) {
                firstSearchable = sinceStart();
            }
            if (cpuQuarter < 0 && count >= expected / 4) {
                // Steady state starts here: start-up, class loading and most of the JIT's work are behind.
                cpuQuarter = processCpuNanos();
                countQuarter = count;
            }
            if (liveHeap < 0 && count >= expected / 2) {
                long before = System.nanoTime();
                liveHeap = liveHeapBytes();
                liveHeapMillis = (System.nanoTime() - before) / 1_000_000;
            }
            if (count >= expected) {
                break;
            }
            Thread.sleep(POLL.toMillis());
        }
        long all = count >= expected ? sinceStart() : -1;
        long cpuEnd = processCpuNanos();
        System.out.println("PROBE firstReadMillis=" + firstRead.getAsLong() + " firstSearchableMillis=" + firstSearchable
                + " allSearchableMillis=" + all + " count=" + count + " peakHeapBytes=" + peakHeapBytes()
                + " peakHeapAfterGcBytes=" + peakAfterGc.get() + " peakRssBytes=" + peakRssBytes()
                + " liveHeapBytes=" + liveHeap + " liveHeapMillis=" + liveHeapMillis
                + " startEpochMillis=" + startedEpochMillis + " jitMillis=" + jitMillis() + " gcMillis=" + gcMillis()
                + " cpuQuarterNanos=" + cpuQuarter + " countQuarter=" + countQuarter + " cpuEndNanos=" + cpuEnd
                + " rssBytes=" + rssBytes());
        return all >= 0;
    }

    /** Milliseconds since this probe (the contender's main) started. */
    public long sinceStart() {
        return (System.nanoTime() - started) / 1_000_000;
    }

    public long peakHeapBytes() {
        return Math.max(peakHeap.get(), memory.getHeapMemoryUsage().getUsed());
    }

    /**
     * Milliseconds the JIT compilers spent so far: in a JVM that lives a minute, much of its CPU
     * time, and the same code for every run. -1 where the JVM does not tell.
     */
    private static long jitMillis() {
        var compilation = ManagementFactory.getCompilationMXBean();
        return compilation != null && compilation.isCompilationTimeMonitoringSupported()
                ? compilation.getTotalCompilationTime() : -1;
    }

    /** Milliseconds the collectors report having spent (G1: its pauses and concurrent cycles). */
    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, collector.getCollectionTime());
        }
        return total;
    }

    /** CPU time this process used so far, all its threads (the JIT's and the collectors' included). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** VmRSS of /proc/self/status: what this process has resident now; -1 off Linux. */
    public static long rssBytes() {
        try {
            Matcher rss = Pattern.compile("VmRSS:\\s+(\\d+) kB").matcher(Files.readString(Path.of("/proc/self/status")));
            return rss.find() ? Long.parseLong(rss.group(1)) * 1024 : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** VmHWM of /proc/self/status: the most this process ever had resident; -1 off Linux. */
    public static long peakRssBytes() {
        try {
            Matcher hwm = Pattern.compile("VmHWM:\\s+(\\d+) kB").matcher(Files.readString(Path.of("/proc/self/status")));
            return hwm.find() ? Long.parseLong(hwm.group(1)) * 1024 : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * The bytes of the live objects, from the JVM's class histogram (which collects first); prints
     * its largest rows with the prefix {@code HISTOGRAM}. -1 where the JVM has no such command.
     */
    private static long liveHeapBytes() {
        try {
            String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            String[] lines = histogram.split("\n");
            // A header, a rule, then the rows from the largest down.
            for (int i = 0; i < Math.min(lines.length, HISTOGRAM_ROWS + 2); i++) {
                System.out.println("HISTOGRAM " + lines[i]);
            }
            Matcher total = HISTOGRAM_TOTAL.matcher(histogram);
            return total.find() ? Long.parseLong(total.group(1)) : -1;
        } catch (JMException | RuntimeException e) {
            System.out.println("HISTOGRAM not taken: " + e);
            return -1;
        }
    }

    private long count() throws InterruptedException {
        try {
            http.send(HttpRequest.newBuilder(openSearch.resolve("/" + index + "/_refresh"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(openSearch.resolve("/" + index + "/_count"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            Matcher count = COUNT.matcher(response.body());
            return response.statusCode() == 200 && count.find() ? Long.parseLong(count.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** After each collection: the heap still in use, summed over the heap's pools. */
    private void collected(Notification notification, Object handback) {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
            long used = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                MemoryUsage after = pool.getType() == MemoryType.HEAP ? info.getMemoryUsageAfterGc().get(pool.getName()) : null;
                used += after == null ? 0 : after.getUsed();
            }
            peakAfterGc.accumulateAndGet(used, Math::max);
        }
    }

    private void sample() {
        while (!closed) {
            peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        sampler.interrupt();
    }
}
