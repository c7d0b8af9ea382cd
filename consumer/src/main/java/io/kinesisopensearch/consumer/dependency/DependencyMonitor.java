package io.kinesisopensearch.consumer.dependency;

import io.kinesisopensearch.consumer.logging.LibraryLogFilter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the worker's dependencies (the stream, the lease table's DynamoDB, OpenSearch, the
 * dead-letter bucket) at start-up and then every {@link DependencyConfig#checkInterval()}, every
 * second while one is down, and says in one line which one is unreachable, where, and why: when it
 * goes, every {@link DependencyConfig#reportInterval()} while it lasts, and when it is back. While
 * one is down, KCL's and the AWS SDK's own warnings (a stack trace each, several a second) are kept
 * out of the log ({@link LibraryLogFilter}): this line says it once.
 *
 * <p>{@link #awaitNeededToRead} holds KCL back until the stream and the lease table answer, so that
 * a worker started while either is down says so calmly instead of KCL failing its initialisation
 * again and again, and reads as soon as they answer.
 */
public final class DependencyMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DependencyMonitor.class);
    /** The most one check may take: a dependency that does not answer in this time is unreachable. */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);
    /** How often the dependencies are checked while one is down, so that the worker goes on as soon as it is back. */
    static final Duration DOWN_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final List<Dependency> dependencies;
    private final DependencyConfig config;
    private final LongSupplier nanoClock;
    private final Map<Dependency, State> states = new LinkedHashMap<>();
    private final ExecutorService checks;
    private final AutoCloseable resources;
    private final Thread loop;
    private volatile boolean closed;

    /** The state of one dependency between checks. */
    private static final class State {
        boolean checked;
        long downSinceNanos = -1;
        long reportedNanos;
        String error = "";
    }

    /** Starts checking at once, in a thread of its own; {@code resources} (the checks' clients) are closed with it. */
    public static DependencyMonitor start(List<Dependency> dependencies, DependencyConfig config,
            AutoCloseable resources) {
        DependencyMonitor monitor = new DependencyMonitor(dependencies, config, System::nanoTime, resources);
        monitor.loop.start();
        return monitor;
    }

    DependencyMonitor(List<Dependency> dependencies, DependencyConfig config, LongSupplier nanoClock,
            AutoCloseable resources) {
        this.resources = resources;
        this.dependencies = List.copyOf(dependencies);
        this.config = config;
        this.nanoClock = nanoClock;
        dependencies.forEach(dependency -> states.put(dependency, new State()));
        this.checks = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "dependency-check");
            thread.setDaemon(true);
            return thread;
        });
        this.loop = new Thread(this::run, "dependencies");
        loop.setDaemon(true);
    }

    private void run() {
        while (!closed) {
            checkAll();
            Duration next = unreachable().isEmpty() ? config.checkInterval()
                    : min(config.checkInterval(), DOWN_CHECK_INTERVAL);
            try {
                Thread.sleep(next.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One round: every dependency checked at once, each state moved on and reported. */
    void checkAll() {
        Map<Dependency, CompletableFuture<Void>> running = new LinkedHashMap<>();
        for (Dependency dependency : dependencies) {
            running.put(dependency, CompletableFuture.runAsync(() -> {
                try {
                    dependency.check().run();
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, checks));
        }
        running.forEach((dependency, result) -> record(dependency, outcome(result)));
        LibraryLogFilter.quiet(!unreachable().isEmpty());
    }

    /** Null when the check passed, else what went wrong, in a few words. */
    private static String outcome(CompletableFuture<Void> result) {
        try {
            result.get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (TimeoutException e) {
            result.cancel(true);
            return "no answer within " + CHECK_TIMEOUT.toSeconds() + " s";
        } catch (ExecutionException e) {
            return describe(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private synchronized void record(Dependency dependency, String error) {
        State state = states.get(dependency);
        state.checked = true;
        long now = nanoClock.getAsLong();
        if (error == null) {
            if (state.downSinceNanos >= 0) {
                LOG.info("{} reachable again after {} s", dependency, seconds(now - state.downSinceNanos));
                state.downSinceNanos = -1;
            }
            return;
        }
        state.error = error;
        if (state.downSinceNanos < 0) {
            state.downSinceNanos = now;
            state.reportedNanos = now;
            LOG.warn("{} unreachable: {}; {}", dependency, error, dependency.neededToRead()
                    ? "the worker reads once it answers (checked every second)"
                    : "what needs it is held and retried until it answers");
        } else if (now - state.reportedNanos >= config.reportInterval().toNanos()) {
            state.reportedNanos = now;
            LOG.warn("{} still unreachable after {} s: {}", dependency, seconds(now - state.downSinceNanos), error);
        }
    }

    /**
     * Blocks until a check found every dependency KCL needs reachable (the first check included),
     * or {@code stopping} says the worker is stopping (then false).
     */
    public boolean awaitNeededToRead(BooleanSupplier stopping) throws InterruptedException {
        while (!stopping.getAsBoolean()) {
            if (waitingFor().isEmpty()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /**
     * The dependencies KCL needs that are not known to answer (not checked yet, or unreachable at the
     * last check), as {@code /ready} names them; empty when none.
     */
    public synchronized String waitingFor() {
        return states.entrySet().stream().filter(entry -> entry.getKey().neededToRead()
                        && (!entry.getValue().checked || entry.getValue().downSinceNanos >= 0))
                .map(entry -> entry.getKey() + " (" + (entry.getValue().checked ? entry.getValue().error
                        : "its first check under way") + ")")
                .collect(Collectors.joining("; "));
    }

    /** Every dependency the last check found unreachable, with its endpoint and error; empty when none. */
    public synchronized String unreachable() {
        return describe(states.entrySet().stream().filter(entry -> entry.getValue().downSinceNanos >= 0).toList());
    }

    private static String describe(List<Map.Entry<Dependency, State>> down) {
        return down.stream().map(entry -> entry.getKey() + " (" + entry.getValue().error + ")")
                .collect(Collectors.joining("; "));
    }

    /**
     * What went wrong, in one line: the innermost cause's class and message (a refused connection is
     * a {@code ConnectException} deep in the SDK's wrapping), with the outer message when it says more.
     */
    static String describe(Throwable error) {
        Throwable root = error;
        List<Throwable> seen = new ArrayList<>();
        while (root.getCause() != null && root.getCause() != root && !seen.contains(root.getCause())) {
            seen.add(root);
            root = root.getCause();
        }
        String rootText = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        if (root == error || error.getMessage() == null || error.getMessage().contains(String.valueOf(root.getMessage()))) {
            return oneLine(rootText);
        }
        return oneLine(rootText + " (" + error.getClass().getSimpleName() + ": " + error.getMessage() + ")");
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() > 300 ? line.substring(0, 300) + " ..." : line;
    }

    private static long seconds(long nanos) {
        return TimeUnit.NANOSECONDS.toSeconds(nanos);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public void close() {
        closed = true;
        loop.interrupt();
        checks.shutdownNow();
        LibraryLogFilter.quiet(false);
        try {
            resources.close();
        } catch (Exception e) {
            LOG.debug("Closing the dependency checks' clients failed", e);
        }
    }
}
