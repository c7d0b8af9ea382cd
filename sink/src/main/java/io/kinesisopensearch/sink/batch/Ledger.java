package io.kinesisopensearch.sink.batch;

import io.kinesisopensearch.sink.bulk.WriteWaits;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * The account of one source's records: a shard's in the worker, one invocation's in a Lambda
 * handler, one object's rows in the loader. Records, not actions: a record may map to several
 * actions (CSV lines, log events) or to none (a CloudWatch Logs control message, a part a hook
 * skipped). Once the batch holding a record is flushed, the record has exactly one outcome, decided
 * from its actions' outcomes in this order:
 *
 * <ol>
 *   <li><b>dead-lettered</b> if the mapping refused any part of it or OpenSearch refused any of its
 *       actions for good (the whole record is one dead letter, so a replay sends it whole);</li>
 *   <li>else <b>acknowledged</b> if OpenSearch accepted any of its actions, or it had none;</li>
 *   <li>else <b>stale</b> if any action was refused as older than the stored version (the index
 *       already holds a newer change);</li>
 *   <li>else <b>coalesced</b>: every action was replaced by a later action of the same batch, which
 *       is done.</li>
 * </ol>
 *
 * A record can also be <b>released</b>: dropped unwritten with its batch when the shard's lease was
 * lost, for the shard's next owner to read again. Until then it is <b>pending</b>, held in its
 * owner's batch or in the flush in progress. So at every moment
 *
 * <pre>received = acknowledged + stale + coalesced + dead-lettered + released + pending</pre>
 *
 * which the owner checks after each flush ({@link io.kinesisopensearch.sink.OpenSearchSink#check}),
 * giving as pending what its batch holds: a record counted but never flushed, or flushed without an
 * outcome, shows as a break. Written by the thread that owns the source; read by any (metrics,
 * reports).
 */
public final class Ledger {

    private final String stream;
    private final String shard;
    private final LongAdder received = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder stale = new LongAdder();
    private final LongAdder coalesced = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder released = new LongAdder();
    private final WriteWaits waits = new Waits();
    private volatile Waiting waiting;
    private volatile long lastProgressNanos;
    /** The break last reported, so that a lasting break is reported once, not at every flush. */
    private long reportedBreak;

    /**
     * An empty account.
     *
     * @param stream the source: a stream, a table, a bucket
     * @param shard  the part of it: a shard, an object
     */
    public Ledger(String stream, String shard) {
        this.stream = stream;
        this.shard = shard;
    }

    public String stream() {
        return stream;
    }

    public String shard() {
        return shard;
    }

    /** The counts now, with {@code pending} records held by the owner (its batch and the flush in progress). */
    public Account account(long pending) {
        // Outcomes before received: a record settled between the reads shows as received too.
        long settledAcknowledged = acknowledged.sum();
        long settledStale = stale.sum();
        long settledCoalesced = coalesced.sum();
        long settledDeadLettered = deadLettered.sum();
        long settledReleased = released.sum();
        return new Account(received.sum(), settledAcknowledged, settledStale, settledCoalesced, settledDeadLettered,
                settledReleased, pending);
    }

    /** What the flush in progress waits on, if it waits: a hold, OpenSearch retried, the dead letters. */
    public Optional<Waiting> waiting() {
        return Optional.ofNullable(waiting);
    }

    /**
     * When ({@link System#nanoTime()}) a flush last made progress: settled records, or had a bulk
     * request or its dead letters go through; 0 before the first.
     */
    public long lastProgressNanos() {
        return lastProgressNanos;
    }

    void received(int records) {
        received.add(records);
    }

    void settle(Tally tally) {
        acknowledged.add(tally.acknowledged());
        stale.add(tally.stale());
        coalesced.add(tally.coalesced());
        deadLettered.add(tally.deadLettered());
        waiting = null;
        lastProgressNanos = System.nanoTime();
    }

    void release(int records) {
        released.add(records);
        waiting = null;
    }

    /** Where the writer and the flush tell what they wait on. */
    WriteWaits waits() {
        return waits;
    }

    /**
     * Whether {@code account} breaks the identity in a way not reported yet: a break is reported when
     * it appears and again whenever its size changes.
     */
    boolean newBreak(Account account) {
        long unaccounted = account.unaccounted();
        boolean changed = unaccounted != reportedBreak;
        reportedBreak = unaccounted;
        return changed && unaccounted != 0;
    }

    private final class Waits implements WriteWaits {
        @Override
        public void sending(String what) {
            if (waiting == null) {
                waiting = new Waiting(Wait.OPENSEARCH_ANSWER, what, System.nanoTime());
            }
        }

        @Override
        public void waiting(Wait wait, String cause) {
            Waiting current = waiting;
            // Since when it waits for this reason: the first attempt that met it.
            long since = current != null && current.reason() == wait ? current.sinceNanos() : System.nanoTime();
            waiting = new Waiting(wait, cause, since);
        }

        @Override
        public void answered() {
            waiting = null;
            lastProgressNanos = System.nanoTime();
        }
    }

    /**
     * What a flush waits on.
     *
     * @param reason     what it waits on
     * @param cause      the last refusal or failure
     * @param sinceNanos since when ({@link System#nanoTime()}) it waits for this reason
     */
    public record Waiting(WriteWaits.Wait reason, String cause, long sinceNanos) {
    }

    /**
     * The outcomes of a flushed batch's records, by the rule of {@link Ledger}.
     *
     * @param acknowledged  records with an acknowledged action, or none at all
     * @param stale         records whose actions were refused as older than the index's
     * @param coalesced     records whose every action a later one of the batch replaced
     * @param deadLettered  records stored as dead letters
     */
    public record Tally(int acknowledged, int stale, int coalesced, int deadLettered) {

        /** The records settled. */
        public int records() {
            return acknowledged + stale + coalesced + deadLettered;
        }
    }

    /**
     * A ledger's counts at one moment.
     *
     * @param received     records mapped into a batch
     * @param acknowledged records OpenSearch accepted (an action of them), or with nothing to write
     * @param stale        records refused as older than the index holds
     * @param coalesced    records replaced within their batch by a later record's action
     * @param deadLettered records stored in the dead letters
     * @param released     records dropped unwritten when the lease was lost, for the next owner
     * @param pending      records held: the owner's batch and the flush in progress
     */
    public record Account(long received, long acknowledged, long stale, long coalesced, long deadLettered,
            long released, long pending) {

        /** No records: where sums over several ledgers start. */
        public static final Account NONE = new Account(0, 0, 0, 0, 0, 0, 0);

        /** This account and {@code other} together, for a sum over sources (the objects of a load). */
        public Account plus(Account other) {
            return new Account(received + other.received, acknowledged + other.acknowledged, stale + other.stale,
                    coalesced + other.coalesced, deadLettered + other.deadLettered, released + other.released,
                    pending + other.pending);
        }

        /** How many received records the outcomes and pending leave unaccounted for; 0 when it adds up. */
        public long unaccounted() {
            return received - acknowledged - stale - coalesced - deadLettered - released - pending;
        }

        /** Whether received = acknowledged + stale + coalesced + dead-lettered + released + pending. */
        public boolean balanced() {
            return unaccounted() == 0;
        }

        /** The identity with its numbers, as the log lines give it. */
        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "received %d %s acknowledged %d + stale %d + coalesced %d + dead-lettered %d + released %d"
                            + " + pending %d%s",
                    received, balanced() ? "=" : "!=", acknowledged, stale, coalesced, deadLettered, released,
                    pending, balanced() ? "" : " (" + unaccounted() + " unaccounted for)");
        }
    }
}
