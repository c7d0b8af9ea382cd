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

    @Test
    void whatTheWorkerWaitsForIsNamed() {
        java.util.concurrent.atomic.AtomicReference<String> waiting = new java.util.concurrent.atomic.AtomicReference<>(
                "Kinesis stream orders at http://127.0.0.1:4567 (ConnectException: Connection refused)");
        java.util.concurrent.atomic.AtomicReference<String> down = new java.util.concurrent.atomic.AtomicReference<>("");
        readiness.explainWith(waiting::get, down::get);

        assertThat(readiness.detail()).isEqualTo("waiting for Kinesis stream orders at http://127.0.0.1:4567"
                + " (ConnectException: Connection refused)");
        waiting.set("");
        assertThat(readiness.detail()).isEqualTo("waiting for KCL to initialise");
        readiness.onWorkerStateChange(WorkerState.STARTED);
        assertThat(readiness.detail()).isEqualTo("waiting for a shard lease");
        holdsLeases.set(true);
        assertThat(readiness.detail()).isEmpty();
        down.set("OpenSearch at http://127.0.0.1:9200 (ConnectException: Connection refused)");
        assertThat(readiness.isReady()).as("records are held; ECS must not replace the worker").isTrue();
        assertThat(readiness.detail()).isEqualTo("unreachable: OpenSearch at http://127.0.0.1:9200 (ConnectException:"
                + " Connection refused)");
        readiness.shutdownStarted();
        assertThat(readiness.detail()).isEqualTo("shutting down");
    }
}
