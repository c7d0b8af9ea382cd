package io.kinesisopensearch.consumer.metrics;

import io.kinesisopensearch.sink.bulk.WriteCounters;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a worker shows about itself, in one place for the worker to start and stop: its
 * {@link WorkerMetrics}, its {@link Readiness}, the {@link MetricsServer}, the progress line and the
 * {@link ShardWatch} (stalls, retention left, CloudWatch's embedded metric format).
 */
public final class WorkerMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerMonitor.class);

    private final String workerId;
    private final MetricsConfig config;
    private final WriteCounters stats;
    private final WorkerMetrics metrics;
    private final Readiness readiness;
    private final ShardWatch watch;
    private final ScheduledExecutorService progress;
    private volatile MetricsServer server;

    /**
     * Binds the metrics; nothing is served until {@link #serve}.
     *
     * @param failoverTime KCL's lease duration: within it a started scheduler has tried for leases
     */
    public WorkerMonitor(String workerId, MetricsConfig config, WriteCounters stats, Duration failoverTime) {
        this(workerId, workerId, config, stats, failoverTime);
    }

    /**
     * Binds the metrics; nothing is served until {@link #serve}.
     *
     * @param application  the KCL application, which names the worker's CloudWatch metrics
     * @param failoverTime KCL's lease duration: within it a started scheduler has tried for leases
     */
    public WorkerMonitor(String application, String workerId, MetricsConfig config, WriteCounters stats,
            Duration failoverTime) {
        this.workerId = workerId;
        this.config = config;
        this.stats = stats;
        this.metrics = new WorkerMetrics(stats);
        metrics.shards().watch(config.watch().stallAfter(), config.watch().retentionWarning());
        this.watch = new ShardWatch(application, workerId, metrics.shards(), System::nanoTime,
                System::currentTimeMillis, config.watch().cloudWatchEmf() ? System.out : null);
        this.readiness = new Readiness(failoverTime, System::nanoTime, () -> metrics.shards().size() > 0);
        this.progress = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "progress-" + workerId);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts the endpoint (unless disabled), the progress line and the shard watch; {@code alive}
     * answers {@code /health}. A shard whose processor thread is blocked (see
     * {@link Stall.Reason#PROCESSOR_BLOCKED}) makes {@code /health} and {@code /ready} answer 503, so
     * that the container's health check replaces the task: KCL cannot free the thread, and renews
     * the shard's lease all the same. Holds and outages never do: a new task would meet them too.
     */
    public void serve(BooleanSupplier alive) {
        ShardGauges shards = metrics.shards();
        if (config.enabled()) {
            // A shard whose processor is blocked fails both: KCL keeps renewing the lease of a stuck thread.
            server = MetricsServer.start(config.port(), metrics::scrape,
                    () -> alive.getAsBoolean() && !shards.blocked(), () -> readiness.isReady() && !shards.blocked(),
                    () -> shards.blocked() ? "a shard's processor is blocked" : readiness.detail());
        }
        progress.scheduleWithFixedDelay(watch, 1, 1, TimeUnit.SECONDS);
        long every = config.progressInterval().toNanos();
        if (every > 0) {
            ProgressLog log = new ProgressLog(stats.snapshot(), System.nanoTime());
            progress.scheduleAtFixedRate(() -> log.next(stats.snapshot(), System.nanoTime(), shards.pendingRecords(),
                            shards.maxMillisBehindLatest(), shards.minRetentionLeftSeconds(),
                            shards.all().stream().filter(shard -> shard.stall().isPresent()).count())
                    .ifPresent(line -> LOG.info("Worker {}: {}", workerId, line)), every, every, TimeUnit.NANOSECONDS);
        }
    }

    public WorkerMetrics metrics() {
        return metrics;
    }

    /** For KCL's coordinator configuration: learns when each scheduler has started and stops. */
    public Readiness readiness() {
        return readiness;
    }

    /** The worker is stopping: {@code /ready} answers 503 from now on. */
    public void shutdownStarted() {
        readiness.shutdownStarted();
    }

    /** The port {@code /metrics} is served on, if it is. */
    public OptionalInt port() {
        return Optional.ofNullable(server).map(s -> OptionalInt.of(s.port())).orElse(OptionalInt.empty());
    }

    @Override
    public void close() {
        progress.shutdownNow();
        MetricsServer current = server;
        if (current != null) {
            current.close();
        }
        metrics.close();
    }
}
