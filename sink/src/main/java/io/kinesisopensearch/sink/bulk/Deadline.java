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

    /** The deadline {@code time} from now. */
    public static Deadline in(Duration time) {
        long now = System.nanoTime();
        return new Deadline(now + Math.max(0, time.toNanos()), System::nanoTime);
    }

    /** Whether waiting {@code wait} from now still ends before the deadline. */
    public boolean allows(Duration wait) {
        return this == NONE || atNanos - clock.getAsLong() > wait.toNanos();
    }

    /** Time left, zero once passed; {@link Duration#ZERO} is never returned for {@link #NONE}. */
    public Duration remaining() {
        return this == NONE ? Duration.ofNanos(Long.MAX_VALUE) : Duration.ofNanos(Math.max(0, atNanos - clock.getAsLong()));
    }

    @Override
    public String toString() {
        return this == NONE ? "no deadline" : remaining().toMillis() + " ms left";
    }
}
