package io.kinesisopensearch.sink.bulk;

/**
 * A write stopped retrying at its {@link Deadline}: what it was given must be treated as not
 * written (some of it may be in OpenSearch already; ids are deterministic, so writing it again is
 * harmless).
 */
public final class OutOfTimeException extends Exception {

    public OutOfTimeException(String message) {
        super(message);
    }
}
