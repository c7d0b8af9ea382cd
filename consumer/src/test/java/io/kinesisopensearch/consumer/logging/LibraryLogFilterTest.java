package io.kinesisopensearch.consumer.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LibraryLogFilterTest {

    private final LibraryLogFilter filter = new LibraryLogFilter();

    @AfterEach
    void calm() {
        LibraryLogFilter.quiet(false);
    }

    @Test
    void aLibraryMessageIsShownOncePerWindowAndNotAtAllWhileADependencyIsDown() {
        assertThat(filter.decide(event("software.amazon.kinesis.leases.LeaseRenewer", Level.WARN, "renewal failed", 0)))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(event("software.amazon.kinesis.leases.LeaseRenewer", Level.WARN, "renewal failed", 30_000)))
                .isEqualTo(FilterReply.DENY);
        assertThat(filter.decide(event("software.amazon.kinesis.leases.LeaseRenewer", Level.WARN, "renewal failed", 61_000)))
                .isEqualTo(FilterReply.NEUTRAL);

        LibraryLogFilter.quiet(true);
        assertThat(filter.decide(event("software.amazon.awssdk.core.Retry", Level.ERROR, "other", 0)))
                .isEqualTo(FilterReply.DENY);
        assertThat(filter.decide(event("io.kinesisopensearch.consumer.dependency.DependencyMonitor", Level.WARN, "x", 0)))
                .as("the worker's own lines").isEqualTo(FilterReply.NEUTRAL);
    }

    @Test
    void aLibraryLoggerSetToDebugGetsEverything() {
        Logger kcl = (Logger) LoggerFactory.getLogger("software.amazon.kinesis.coordinator");
        Level before = kcl.getLevel();
        kcl.setLevel(Level.DEBUG);
        try {
            LibraryLogFilter.quiet(true);
            assertThat(filter.decide(event("software.amazon.kinesis.coordinator.Scheduler", Level.WARN, "m", 0)))
                    .isEqualTo(FilterReply.NEUTRAL);
        } finally {
            kcl.setLevel(before);
        }
    }

    @Test
    void aLibrarysStackTraceIsOneLineUnlessItsLoggerIsAtDebug() {
        LibraryThrowableConverter converter = new LibraryThrowableConverter();
        converter.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        converter.start();
        LoggingEvent library = event("software.amazon.awssdk.http.nio.netty.Client", Level.WARN, "failed", 0);
        library.setThrowableProxy(new ch.qos.logback.classic.spi.ThrowableProxy(
                new IllegalStateException("Unable to execute HTTP request", new java.net.ConnectException("Connection refused"))));
        LoggingEvent own = event("io.kinesisopensearch.consumer.ConsumerWorker", Level.ERROR, "failed", 0);
        own.setThrowableProxy(new ch.qos.logback.classic.spi.ThrowableProxy(new IllegalStateException("ours")));

        assertThat(converter.convert(library)).isEqualTo(" [java.lang.IllegalStateException: Unable to execute HTTP"
                + " request; caused by java.net.ConnectException: Connection refused]");
        assertThat(converter.convert(own)).contains("java.lang.IllegalStateException: ours").contains("\tat ");
    }

    private static LoggingEvent event(String logger, Level level, String message, long time) {
        LoggingEvent event = new LoggingEvent();
        event.setLoggerName(logger);
        event.setLevel(level);
        event.setMessage(message);
        event.setTimeStamp(time);
        return event;
    }
}
