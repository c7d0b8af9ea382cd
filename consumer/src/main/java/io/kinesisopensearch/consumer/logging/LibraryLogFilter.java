package io.kinesisopensearch.consumer.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.LoggerFactory;

/**
 * Keeps the libraries' warnings (KCL, the AWS SDK, Netty, the HTTP clients) from flooding the log
 * when a dependency is down: KCL logs each failed lease renewal, lease-table scan and fetch, with a
 * stack trace, several times a second (812 lines in 40 s with DynamoDB refusing connections), and
 * never says which dependency is down. The worker's {@code DependencyMonitor} says that in one line;
 * while it reports a dependency unreachable, the libraries' WARN and ERROR lines are dropped, and
 * otherwise each of their messages is shown at most once per {@link #setWindowSeconds window}. A
 * library logger an operator sets to DEBUG gets everything, stack traces included
 * ({@link LibraryThrowableConverter}).
 */
public final class LibraryLogFilter extends Filter<ILoggingEvent> {

    /** The loggers this filter calms: the libraries', never the worker's own. */
    static final List<String> LIBRARIES = List.of("software.amazon.", "com.amazonaws.", "io.netty.",
            "org.apache.http", "org.apache.hc.", "reactor.");

    private static volatile boolean quiet;

    private final ConcurrentMap<String, Long> lastShown = new ConcurrentHashMap<>();
    private volatile long windowMillis = 60_000;

    /** Whether a dependency is reported unreachable now: the libraries' warnings about it are dropped meanwhile. */
    public static void quiet(boolean dependencyDown) {
        quiet = dependencyDown;
    }

    /** How long one library message is kept from repeating (logback configuration: {@code <windowSeconds>}). */
    public void setWindowSeconds(int seconds) {
        this.windowMillis = seconds * 1000L;
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
        String logger = event.getLoggerName();
        if (!isLibrary(logger) || !event.getLevel().isGreaterOrEqual(Level.WARN)
                || LoggerFactory.getLogger(logger).isDebugEnabled()) {
            return FilterReply.NEUTRAL;
        }
        if (quiet) {
            return FilterReply.DENY;
        }
        String key = logger + '|' + event.getMessage();
        long now = event.getTimeStamp();
        Long shown = lastShown.get(key);
        if (shown != null && now - shown < windowMillis) {
            return FilterReply.DENY;
        }
        lastShown.put(key, now);
        if (lastShown.size() > 10_000) {
            // Messages that carry no placeholders can be unique each time; the window is a courtesy, not a ledger.
            lastShown.clear();
        }
        return FilterReply.NEUTRAL;
    }

    static boolean isLibrary(String logger) {
        for (String prefix : LIBRARIES) {
            if (logger.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
