package io.kinesisopensearch.sink.bulk;

/**
 * Bounds the bulk requests one worker has in flight, for all its shards together. The bound
 * adapts: halved when OpenSearch answers 429 (its write queue is full), raised by one after as many
 * clean requests as the bound itself, never above the configured maximum. The shards of a worker
 * thus back off together instead of each retrying into a full queue.
 */
public final class ConcurrencyLimiter {

    private final int max;
    private int limit;
    private int inFlight;
    private int cleanSinceChange;
    private long round;
    private int lowest;
    private long decreases;

    public ConcurrencyLimiter(int max) {
        this.max = max;
        this.limit = max;
        this.lowest = max;
    }

    /** Waits for a free slot; returns the ticket to give back to {@link #release}. */
    public synchronized long acquire() throws InterruptedException {
        while (inFlight >= limit) {
            wait();
        }
        inFlight++;
        return round;
    }

    /**
     * Frees a slot after a request; {@code throttled} when OpenSearch answered 429 for it or any of
     * its items. Requests sent before the bound last dropped do not drop it again: they report the
     * same overload.
     */
    public synchronized void release(long ticket, boolean throttled) {
        inFlight--;
        if (throttled) {
            if (ticket == round && limit > 1) {
                limit = limit / 2;
                lowest = Math.min(lowest, limit);
                decreases++;
                round++;
            }
            cleanSinceChange = 0;
        } else if (++cleanSinceChange >= limit && limit < max) {
            limit++;
            cleanSinceChange = 0;
        }
        notifyAll();
    }

    /** The current bound. */
    public synchronized int limit() {
        return limit;
    }

    /** The lowest the bound has been. */
    public synchronized int lowest() {
        return lowest;
    }

    /** How many times the bound was lowered. */
    public synchronized long decreases() {
        return decreases;
    }
}
