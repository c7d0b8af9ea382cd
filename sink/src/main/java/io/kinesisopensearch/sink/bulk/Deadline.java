package io.kinesisopensearch.sink.bulk;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How long a write may keep retrying. The worker never gives up ({@link #NONE}): KCL holds the
 * shard meanwhile. A Lambda invocation ends at a fixed time, so its writes stop retrying before
 * then and report what is unwritten, for Lambda to deliver it again.
 */
public final class Deadline {

    /** No deadline: retry until written. */
    public static final Deadline NONE = new Deadline(Long.MAX_VALUE, System::nanoTime);

    private final long atNanos;
    private final LongSupplier clock;

    private Deadline(long atNanos, LongSupplier clock) {
        this.atNanos = atNanos;
        this.clock = clock;
    }

    /**
     * The deadline {@code time} from now.
     *
     * @param time how long from now; a negative time is taken as zero
     * @return the deadline, on {@link System#nanoTime()}'s clock
     */
    public static Deadline in(Duration time) {
        long now = System.nanoTime();
        return new Deadline(now + Math.max(0, time.toNanos()), System::nanoTime);
    }

    /**
     * Whether waiting {@code wait} from now still ends before the deadline.
     *
     * @param wait how long the caller would wait
     * @return true when the wait ends before the deadline; always for {@link #NONE}
     */
    public boolean allows(Duration wait) {
        return this == NONE || atNanos - clock.getAsLong() > wait.toNanos();
    }

    /**
     * The time left.
     *
     * @return the time left, zero once passed; for {@link #NONE}, {@code Duration.ofNanos(Long.MAX_VALUE)}
     */
    public Duration remaining() {
        return this == NONE ? Duration.ofNanos(Long.MAX_VALUE) : Duration.ofNanos(Math.max(0, atNanos - clock.getAsLong()));
    }

    @Override
    public String toString() {
        return this == NONE ? "no deadline" : remaining().toMillis() + " ms left";
    }
}
