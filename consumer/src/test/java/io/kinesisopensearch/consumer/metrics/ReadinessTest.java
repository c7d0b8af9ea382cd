package io.kinesisopensearch.consumer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.coordinator.WorkerStateChangeListener.WorkerState;

class ReadinessTest {

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicBoolean holdsLeases = new AtomicBoolean();
    private final Readiness readiness = new Readiness(Duration.ofSeconds(10), nanos::get, holdsLeases::get);

    @Test
    void readyOnceTheSchedulerStartedAndALeaseIsHeld() {
        assertThat(readiness.isReady()).as("created").isFalse();
        readiness.onWorkerStateChange(WorkerState.INITIALIZING);
        holdsLeases.set(true);
        assertThat(readiness.isReady()).as("initialising").isFalse();

        readiness.onWorkerStateChange(WorkerState.STARTED);

        assertThat(readiness.isReady()).isTrue();
    }

    @Test
    void aStartedWorkerWithoutLeasesIsReadyOnceItHadTimeToTakeSome() {
        readiness.onWorkerStateChange(WorkerState.STARTED);
        nanos.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(readiness.isReady()).isFalse();

        nanos.addAndGet(Duration.ofSeconds(1).toNanos());

        assertThat(readiness.isReady()).as("a spare worker: more workers than shards").isTrue();
    }

    @Test
    void notReadyOnceShutdownStartsOrTheSchedulerStops() {
        holdsLeases.set(true);
        readiness.onWorkerStateChange(WorkerState.STARTED);
        readiness.onWorkerStateChange(WorkerState.SHUT_DOWN_STARTED);
        assertThat(readiness.isReady()).as("scheduler stopped on its own").isFalse();
        readiness.onWorkerStateChange(WorkerState.STARTED);
        assertThat(readiness.isReady()).as("the next scheduler").isTrue();

        readiness.shutdownStarted();

        assertThat(readiness.isReady()).isFalse();
        readiness.onWorkerStateChange(WorkerState.STARTED);
        assertThat(readiness.isReady()).as("stays down while stopping").isFalse();
    }
}
