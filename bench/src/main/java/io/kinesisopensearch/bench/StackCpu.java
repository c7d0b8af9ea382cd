package io.kinesisopensearch.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time the local stack's processes spend during a pipeline run: which process was busy tells
 * whose work bounds the pipeline's rate on a machine of two cores (the contender's own CPU time is
 * measured by {@link ChildRun}). Processes are found among this JVM's descendants (the stack it
 * started, not another build's) by their command lines.
 */
final class StackCpu {

    /** A process of the stack, by a piece of its command line. */
    private static final Map<String, String> PROCESSES = new LinkedHashMap<>();

    static {
        PROCESSES.put("kinesis-mock", "kinesis-local/main.js");
        PROCESSES.put("kinesalite", "kinesalite/cli.js");
        PROCESSES.put("OpenSearch", "org.opensearch.bootstrap.OpenSearch");
    }

    /** CPU time of each stack process at one moment, by name; a process not found is left out. */
    record Sample(Map<String, Duration> cpu) {

        /** The CPU time each process spent since {@code earlier}. */
        Map<String, Duration> since(Sample earlier) {
            Map<String, Duration> spent = new LinkedHashMap<>();
            cpu.forEach((name, now) -> {
                Duration before = earlier.cpu.get(name);
                if (before != null) {
                    spent.put(name, now.minus(before));
                }
            });
            return spent;
        }
    }

    private static final Duration QUIET_WINDOW = Duration.ofSeconds(1);

    private StackCpu() {
    }

    /**
     * Waits until no stack process used more than a tenth of a core over one second (a stream just
     * loaded, segments being merged, a finished run's last work), at most {@code timeout}, so that
     * each contender starts on a quiet stack. Returns how long it waited.
     */
    static Duration awaitQuiet(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (true) {
            Sample before = sample();
            Thread.sleep(QUIET_WINDOW.toMillis());
            boolean quiet = sample().since(before).values().stream()
                    .allMatch(spent -> spent.toMillis() <= QUIET_WINDOW.toMillis() / 10);
            if (quiet || System.nanoTime() > deadline) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
        }
    }

    static Sample sample() {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        PROCESSES.forEach((name, marker) -> ProcessHandle.current().descendants()
                .filter(process -> process.info().commandLine().map(line -> line.contains(marker)).orElse(false))
                .map(process -> process.info().totalCpuDuration())
                .flatMap(Optional::stream)
                .reduce(Duration::plus)
                .ifPresent(total -> cpu.put(name, total)));
        return new Sample(cpu);
    }
}
