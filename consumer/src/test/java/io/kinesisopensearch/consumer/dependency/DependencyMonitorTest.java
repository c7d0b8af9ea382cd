package io.kinesisopensearch.consumer.dependency;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class DependencyMonitorTest {

    private final AtomicLong clock = new AtomicLong();
    private final AtomicBoolean streamUp = new AtomicBoolean(false);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(DependencyMonitor.class);
    private final Dependency stream = new Dependency("Kinesis stream orders", "http://127.0.0.1:4567", true, () -> {
        if (!streamUp.get()) {
            // The SDK wraps the refused connection; the line names the innermost cause (its wrapper adds nothing).
            throw new IllegalStateException("Unable to execute HTTP request: Connection refused",
                    new ConnectException("Connection refused"));
        }
    });
    private final Dependency openSearch = new Dependency("OpenSearch", "http://127.0.0.1:9200", false, () -> { });
    private final DependencyMonitor monitor = new DependencyMonitor(List.of(stream, openSearch),
            new DependencyConfig(Duration.ofSeconds(10), Duration.ofSeconds(30)), clock::get, () -> { });

    @BeforeEach
    void capture() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void release() {
        logger.detachAppender(log);
        monitor.close();
    }

    @Test
    void anUnreachableDependencyIsNamedOnceThenEveryReportIntervalThenWhenItIsBack() {
        monitor.checkAll();
        clock.set(Duration.ofSeconds(10).toNanos());
        monitor.checkAll();
        clock.set(Duration.ofSeconds(31).toNanos());
        monitor.checkAll();
        streamUp.set(true);
        clock.set(Duration.ofSeconds(40).toNanos());
        monitor.checkAll();

        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "Kinesis stream orders at http://127.0.0.1:4567 unreachable: ConnectException: Connection refused;"
                        + " the worker reads once it answers (checked every second)",
                "Kinesis stream orders at http://127.0.0.1:4567 still unreachable after 31 s: ConnectException:"
                        + " Connection refused",
                "Kinesis stream orders at http://127.0.0.1:4567 reachable again after 40 s");
    }

    @Test
    void whatKclNeedsIsWaitedForAndNamed() throws Exception {
        assertThat(monitor.waitingFor()).isEqualTo("Kinesis stream orders at http://127.0.0.1:4567 (its first check under way)");

        monitor.checkAll();
        assertThat(monitor.waitingFor()).startsWith("Kinesis stream orders at http://127.0.0.1:4567 (ConnectException");
        assertThat(monitor.unreachable()).startsWith("Kinesis stream orders").doesNotContain("OpenSearch");

        streamUp.set(true);
        monitor.checkAll();
        assertThat(monitor.waitingFor()).isEmpty();
        assertThat(monitor.unreachable()).isEmpty();
        assertThat(monitor.awaitNeededToRead(() -> false)).isTrue();
    }

    @Test
    void aCheckThatDoesNotAnswerIsUnreachableAfterItsTimeout() {
        Dependency hanging = new Dependency("dead-letter bucket letters", "http://127.0.0.1:9000", false,
                () -> Thread.sleep(60_000));
        try (DependencyMonitor slow = new DependencyMonitor(List.of(hanging),
                new DependencyConfig(Duration.ofSeconds(10), Duration.ofSeconds(30)), clock::get, () -> { })) {
            slow.checkAll();
            assertThat(slow.unreachable()).isEqualTo("dead-letter bucket letters at http://127.0.0.1:9000"
                    + " (no answer within 5 s)");
        }
    }
}
