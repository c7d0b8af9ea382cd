package io.kinesisopensearch.decode;

/** How a timestamp value is written in the source (setting {@code mapping.timestamp-format}). */
public enum TimestampFormat {
    /**
     * ISO-8601 text, or a number of seconds, milliseconds or microseconds since the epoch told apart
     * by size (below 10^11 seconds, below 10^14 milliseconds, else microseconds).
     */
    AUTO,
    /** ISO-8601 text: {@code 2026-11-21T10:15:30Z}, an offset instead of Z, or no zone meaning UTC. */
    ISO,
    /** Seconds since the epoch, optionally with a fraction. */
    EPOCH_SECONDS,
    /** Milliseconds since the epoch. */
    EPOCH_MILLIS,
    /** Microseconds since the epoch. */
    EPOCH_MICROS
}
