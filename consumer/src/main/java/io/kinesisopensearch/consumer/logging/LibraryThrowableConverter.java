package io.kinesisopensearch.consumer.logging;

import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.CoreConstants;
import org.slf4j.LoggerFactory;

/**
 * The exception of a log line ({@code %libex} in the worker's pattern): the worker's own with their
 * stack traces; a library's (KCL, the AWS SDK, Netty) as one bracketed line, its class and message,
 * unless the library's logger is set to DEBUG, which brings its stack traces back.
 */
public final class LibraryThrowableConverter extends ThrowableHandlingConverter {

    private final ThrowableProxyConverter full = new ThrowableProxyConverter();

    @Override
    public void start() {
        full.setContext(getContext());
        full.start();
        super.start();
    }

    @Override
    public void stop() {
        full.stop();
        super.stop();
    }

    @Override
    public String convert(ILoggingEvent event) {
        IThrowableProxy error = event.getThrowableProxy();
        if (error == null) {
            return "";
        }
        String logger = event.getLoggerName();
        if (LibraryLogFilter.isLibrary(logger) && !LoggerFactory.getLogger(logger).isDebugEnabled()) {
            StringBuilder line = new StringBuilder(" [");
            for (IThrowableProxy cause = error; cause != null; cause = cause.getCause()) {
                line.append(cause == error ? "" : "; caused by ").append(cause.getClassName());
                if (cause.getMessage() != null) {
                    line.append(": ").append(cause.getMessage().replaceAll("\\s+", " "));
                }
                if (line.length() > 500) {
                    break;
                }
            }
            return line.append(']').toString();
        }
        String trace = full.convert(event);
        return CoreConstants.LINE_SEPARATOR + trace.stripTrailing();
    }
}
