package io.kinesisopensearch.consumer.metrics;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
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
    private volatile Supplier<String> waitingFor = () -> "";
    private volatile Supplier<String> unreachable = () -> "";

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

    /**
     * Where the worker's dependencies come from: those KCL waits for before it starts, and every one
     * unreachable now, each as text naming it, its endpoint and its error (empty when none).
     */
    public void explainWith(Supplier<String> waitingFor, Supplier<String> unreachable) {
        this.waitingFor = waitingFor;
        this.unreachable = unreachable;
    }

    /**
     * What {@code /ready} says beside its status: what the worker waits for while it is not ready
     * (a dependency, KCL's initialisation, a lease), or, while it is, the dependencies unreachable
     * now (records are then held, so the worker stays ready); empty when all is well.
     */
    public String detail() {
        if (stopping) {
            return "shutting down";
        }
        if (!started) {
            String waiting = waitingFor.get();
            return "waiting for " + (waiting.isEmpty() ? "KCL to initialise" : waiting);
        }
        if (!isReady()) {
            return "waiting for a shard lease";
        }
        String down = unreachable.get();
        return down.isEmpty() ? "" : "unreachable: " + down;
    }

    public boolean isReady() {
        if (stopping || !started) {
            return false;
        }
        return holdsLeases.getAsBoolean() || nanoClock.getAsLong() - startedNanos >= leaseTakingPassNanos;
    }
}
