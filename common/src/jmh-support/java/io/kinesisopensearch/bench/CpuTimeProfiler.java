package io.kinesisopensearch.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * The CPU time of JMH's benchmark threads per operation, as the secondary result {@value #LABEL} in
 * ms/op: the work of the code under test on its own thread, allocation included, the JIT compiler
 * and the garbage collector's threads not. On a machine that other work shares, wall-clock
 * throughput swings with the load; the CPU time a thread spends per operation hardly does, so it is
 * what the reports compare.
 */
public final class CpuTimeProfiler implements InternalProfiler {

    public static final String LABEL = "cpu";

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private long started;

    @Override
    public String getDescription() {
        return "CPU time of the benchmark threads per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
        started = workerCpuNanos();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmark, IterationParams iteration,
            IterationResult result) {
        double millis = (workerCpuNanos() - started) / 1e6;
        long ops = Math.max(1, result.getMetadata().getMeasuredOps());
        return List.of(new ScalarResult(LABEL, millis / ops, "ms/op", AggregationPolicy.AVG));
    }

    // JMH's worker threads live across iterations, so the difference of two sums is one iteration's.
    private static long workerCpuNanos() {
        long nanos = 0;
        for (ThreadInfo thread : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (thread != null && thread.getThreadName().contains("jmh-worker")) {
                nanos += Math.max(0, THREADS.getThreadCpuTime(thread.getThreadId()));
            }
        }
        return nanos;
    }
}
