package io.kinesisopensearch.consumer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisopensearch.sink.bulk.WriteCounters;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ProgressLogTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void reportsRatesOverTheIntervalAndWhatIsPending() {
        WriteCounters stats = new WriteCounters();
        ProgressLog log = new ProgressLog(stats.snapshot(), 0);
        stats.recordsReceived(5_000);
        stats.actionsAcknowledged(4_000);
        stats.recordsSettled(3_900, 50, 40);
        stats.recordsReleased(8);
        stats.deadLetters(2);

        String line = log.next(stats.snapshot(), 5 * SECOND, 1_000, 1_234, OptionalDouble.of(43_200), 1).orElseThrow();

        assertThat(line).isEqualTo("Progress: 1000 records/s, 800 documents/s, 1000 pending, max lag 1234 ms,"
                + " dead letters 2 (+2), retries +0, concurrency 0; records received 5000: acknowledged 3900, stale 50,"
                + " coalesced 40, dead-lettered 2, released 8, pending 1000; retention left 12.0 h, 1 stalled");
    }

    @Test
    void silentWhenIdleButAStalledWorkerKeepsReporting() {
        WriteCounters stats = new WriteCounters();
        ProgressLog log = new ProgressLog(stats.snapshot(), 0);
        stats.recordsReceived(10);
        stats.actionsAcknowledged(10);
        assertThat(log.next(stats.snapshot(), 5 * SECOND, 0, 0)).isPresent();

        assertThat(log.next(stats.snapshot(), 10 * SECOND, 0, 0)).as("idle").isEmpty();

        stats.recordsReceived(20);
        assertThat(log.next(stats.snapshot(), 15 * SECOND, 20, 0)).isPresent();
        assertThat(log.next(stats.snapshot(), 20 * SECOND, 20, 0)).as("stalled: records held").get().asString()
                .startsWith("Progress: 0 records/s, 0 documents/s, 20 pending");
        stats.retry();
        assertThat(log.next(stats.snapshot(), 25 * SECOND, 20, 0)).get().asString().contains("retries +1");
    }
}
