package io.kinesisopensearch.consumer.metrics;

import io.kinesisopensearch.sink.bulk.WriteCounters;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The progress line logged every few seconds while records flow: rates over the last interval, what
 * is pending, the largest lag, the dead letters, the worker's ledger (records received, and how many
 * of them were acknowledged, stale, coalesced, dead-lettered, released or are pending), the least
 * retention left and the stalled shards. An idle worker (nothing moved, nothing pending) stays
 * quiet; a stalled one (records pending, nothing acknowledged) keeps reporting.
 */
public final class ProgressLog {

    private WriteCounters.Snapshot previous;
    private long previousNanos;

    /** Starts counting from {@code start}, taken at {@code nanos} ({@link System#nanoTime()}). */
    public ProgressLog(WriteCounters.Snapshot start, long nanos) {
        this.previous = start;
        this.previousNanos = nanos;
    }

    /**
     * The line for the interval that ends with {@code now}, or empty if nothing moved in it.
     *
     * @param pendingRecords records read but not yet acknowledged, all shards
     * @param maxLagMillis   the largest {@code millisBehindLatest} of the shards
     */
    public Optional<String> next(WriteCounters.Snapshot now, long nanos, long pendingRecords, long maxLagMillis) {
        return next(now, nanos, pendingRecords, maxLagMillis, OptionalDouble.empty(), 0);
    }

    /**
     * The line for the interval that ends with {@code now}, or empty if nothing moved in it; with the
     * worker's ledger (records received and their outcomes), the least retention left of its shards
     * and how many are stalled.
     *
     * @param pendingRecords   records read but not yet acknowledged, all shards
     * @param maxLagMillis     the largest {@code millisBehindLatest} of the shards
     * @param retentionLeft    the least time left, in seconds, before a shard's oldest record not yet
     *                         acknowledged passes the retention; empty without shards
     * @param stalledShards    shards with records waiting and no progress for {@code worker.stall-after}
     */
    public Optional<String> next(WriteCounters.Snapshot now, long nanos, long pendingRecords, long maxLagMillis,
            OptionalDouble retentionLeft, long stalledShards) {
        WriteCounters.Snapshot before = previous;
        double seconds = Math.max(1e-3, (nanos - previousNanos) / 1e9);
        previous = now;
        previousNanos = nanos;
        long records = now.recordsReceived() - before.recordsReceived();
        long documents = now.actionsAcknowledged() - before.actionsAcknowledged();
        long deadLetters = now.deadLetters() - before.deadLetters();
        long retries = now.retries() - before.retries();
        if (records == 0 && documents == 0 && deadLetters == 0 && retries == 0 && pendingRecords == 0) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT,
                "Progress: %.0f records/s, %.0f documents/s, %d pending, max lag %d ms, dead letters %d (+%d),"
                        + " retries +%d, concurrency %d; records received %d: acknowledged %d, stale %d,"
                        + " coalesced %d, dead-lettered %d, released %d, pending %d; %s%d stalled",
                records / seconds, documents / seconds, pendingRecords, maxLagMillis, now.deadLetters(), deadLetters,
                retries, now.concurrency(), now.recordsReceived(), now.recordsAcknowledged(), now.recordsStale(),
                now.recordsCoalesced(), now.deadLetters(), now.recordsReleased(), pendingRecords,
                retentionLeft.isPresent() ? "retention left " + ShardWatch.duration(retentionLeft.getAsDouble()) + ", "
                        : "", stalledShards));
    }
}
