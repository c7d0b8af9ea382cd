package io.kinesisopensearch.consumer.metrics;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import software.amazon.kinesis.coordinator.WorkerStateChangeListener;

/**
 * Whether the worker is ready, as {@code /ready} tells: its KCL scheduler finished initialising and
 * the worker holds a shard lease or had time for a lease-taking pass, and it is not shutting down.
 *
 * <p>KCL starts its lease taker (and, for utilisation-aware assignment, the lease discoverer) with
 * no delay at the end of initialisation and runs them again within the failover time, so a worker
 * that holds nothing one failover time after {@code STARTED} has tried: there are more workers than
 * shards, and it is a ready spare. A scheduler that stops on its own makes the worker not ready
 * until the next one has started.
 */
public final class Readiness implements WorkerStateChangeListener {

    private final long leaseTakingPassNanos;
    private final LongSupplier nanoClock;
    private final BooleanSupplier holdsLeases;
    private volatile long startedNanos;
    private volatile boolean started;
    private volatile boolean stopping;

    /**
     * @param leaseTakingPass how long after the scheduler started a worker without leases has tried for them
     * @param nanoClock       {@link System#nanoTime()} outside tests
     * @param holdsLeases     whether any shard processor is running in this worker
     */
    public Readiness(Duration leaseTakingPass, LongSupplier nanoClock, BooleanSupplier holdsLeases) {
        this.leaseTakingPassNanos = leaseTakingPass.toNanos();
        this.nanoClock = nanoClock;
        this.holdsLeases = holdsLeases;
    }

    @Override
    public void onWorkerStateChange(WorkerState state) {
        switch (state) {
            case STARTED -> {
                startedNanos = nanoClock.getAsLong();
                started = true;
            }
            case CREATED, INITIALIZING, SHUT_DOWN_STARTED, SHUT_DOWN -> started = false;
        }
    }

    /** The worker's shutdown began: not ready from now on, whatever KCL reports. */
    public void shutdownStarted() {
        stopping = true;
    }

    public boolean isReady() {
        if (stopping || !started) {
            return false;
        }
        return holdsLeases.getAsBoolean() || nanoClock.getAsLong() - startedNanos >= leaseTakingPassNanos;
    }
}
