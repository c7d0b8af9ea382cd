package io.kinesisopensearch.sink.bulk;

/**
 * A write stopped retrying at its {@link Deadline}: what it was given must be treated as not
 * written (some of it may be in OpenSearch already; ids are deterministic, so writing it again is
 * harmless).
 */
public final class OutOfTimeException extends Exception {

    /**
     * A write ran out of time.
     *
     * @param message what was not done, and the deadline
     */
    public OutOfTimeException(String message) {
        super(message);
    }
}
