package io.kinesisopensearch.sink.bulk;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * What one {@code OpenSearchSink} did, counted for everything that writes through it (a worker's
 * shards, a Lambda execution environment's invocations, a load's objects): what tests assert on,
 * what the worker logs and exports as metrics.
 */
public final class WriteCounters {

    private final ConcurrencyLimiter limiter;
    private final LongAdder shardsStarted = new LongAdder();
    private final LongAdder recordsReceived = new LongAdder();
    private final LongAdder mappingErrors = new LongAdder();
    private final LongAdder actionsAcknowledged = new LongAdder();
    private final LongAdder staleVersions = new LongAdder();
    private final LongAdder actionsReplaced = new LongAdder();
    private final LongAdder actionsFailed = new LongAdder();
    private final LongAdder deadLetters = new LongAdder();
    private final LongAdder bulkRequests = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private final LongAdder checkpoints = new LongAdder();
    private final LongAdder refusalsHeld = new LongAdder();
    private final LongAdder holds = new LongAdder();
    private final LongAdder heldMillis = new LongAdder();
    private final LongAdder recordsAcknowledged = new LongAdder();
    private final LongAdder recordsStale = new LongAdder();
    private final LongAdder recordsCoalesced = new LongAdder();
    private final LongAdder recordsReleased = new LongAdder();
    private final LongAdder ledgerBreaks = new LongAdder();
    private volatile int holdActive;
    private volatile LongConsumer bulkLatencyListener = nanos -> { };

    /**
     * Counters that also report the state of the worker's {@code limiter}.
     *
     * @param limiter the bulk concurrency limit shared by the worker's shards
     */
    public WriteCounters(ConcurrencyLimiter limiter) {
        this.limiter = limiter;
    }

    /** Counters without a limiter to report, for tools and tests that write without one. */
    public WriteCounters() {
        this(null);
    }

    /** A shard processor started: a lease was taken. */
    public void shardStarted() {
        shardsStarted.increment();
    }

    /**
     * Records received, before mapping.
     *
     * @param count how many
     */
    public void recordsReceived(int count) {
        recordsReceived.add(count);
    }

    /**
     * Records, or parts of records, that could not be mapped.
     *
     * @param count how many
     */
    public void mappingErrors(int count) {
        mappingErrors.add(count);
    }

    /**
     * Actions OpenSearch accepted.
     *
     * @param count how many
     */
    public void actionsAcknowledged(int count) {
        actionsAcknowledged.add(count);
    }

    /**
     * Actions OpenSearch refused as older than the stored version, which counts as success.
     *
     * @param count how many
     */
    public void staleVersions(int count) {
        staleVersions.add(count);
    }

    /**
     * Actions not sent because a later one in the batch replaced their document.
     *
     * @param count how many
     */
    public void actionsReplaced(int count) {
        actionsReplaced.add(count);
    }

    /**
     * Actions OpenSearch refused for good.
     *
     * @param count how many
     */
    public void actionsFailed(int count) {
        actionsFailed.add(count);
    }

    /**
     * Records stored in the dead-letter destination.
     *
     * @param count how many
     */
    public void deadLetters(int count) {
        deadLetters.add(count);
    }

    /** A bulk request was sent, a retry included. */
    public void bulkRequest() {
        bulkRequests.increment();
    }

    /** A bulk request is sent again after a transient failure. */
    public void retry() {
        retries.increment();
    }

    /** A bulk request was answered with 429, for the request or some items. */
    public void throttled() {
        throttled.increment();
    }

    /** A checkpoint was written. */
    public void checkpoint() {
        checkpoints.increment();
    }

    /**
     * Actions OpenSearch refused for a reason an operator can fix, held for another attempt.
     *
     * @param count how many, at this attempt
     */
    public void refusalsHeld(int count) {
        refusalsHeld.add(count);
    }

    /** The worker's hold began: OpenSearch refuses writes until an operator acts. */
    public void holdStarted() {
        holds.increment();
        holdActive = 1;
    }

    /**
     * The worker's hold ended.
     *
     * @param millis how long it lasted, in milliseconds
     */
    public void holdEnded(long millis) {
        heldMillis.add(millis);
        holdActive = 0;
    }

    /**
     * Records of a flushed batch settled as acknowledged (or with nothing to write), stale, or
     * coalesced into a later record's action; the dead-lettered ones are {@link #deadLetters}.
     *
     * @param acknowledged records acknowledged, or with nothing to write
     * @param stale        records refused as older than the index
     * @param coalesced    records whose actions a later record's replaced
     */
    public void recordsSettled(int acknowledged, int stale, int coalesced) {
        recordsAcknowledged.add(acknowledged);
        recordsStale.add(stale);
        recordsCoalesced.add(coalesced);
    }

    /**
     * Records dropped unwritten with a lost lease, for the shard's next owner to read again.
     *
     * @param count how many
     */
    public void recordsReleased(int count) {
        recordsReleased.add(count);
    }

    /** A ledger stopped adding up. */
    public void ledgerBreak() {
        ledgerBreaks.increment();
    }

    /**
     * How long one bulk request took to be answered; passed on to the {@linkplain #onBulkLatency listener}.
     *
     * @param nanos the time, in nanoseconds
     */
    public void bulkLatency(long nanos) {
        bulkLatencyListener.accept(nanos);
    }

    /**
     * Where {@link #bulkLatency} goes: the worker's metrics keep the distribution, which plain
     * counters cannot.
     *
     * @param listener takes each latency in nanoseconds, from the writing threads; replaces the one before
     */
    public void onBulkLatency(LongConsumer listener) {
        this.bulkLatencyListener = listener;
    }

    /**
     * A copy of the counters, each read on its own: consistent enough for logs, metrics and tests.
     *
     * @return the counters now; the concurrency figures are 0 without a limiter
     */
    public Snapshot snapshot() {
        return new Snapshot(shardsStarted.sum(), recordsReceived.sum(), mappingErrors.sum(), actionsAcknowledged.sum(),
                staleVersions.sum(), actionsReplaced.sum(), actionsFailed.sum(), deadLetters.sum(), bulkRequests.sum(),
                retries.sum(), throttled.sum(), checkpoints.sum(),
                limiter == null ? 0 : limiter.limit(),
                limiter == null ? 0 : limiter.lowest(),
                limiter == null ? 0 : limiter.decreases(),
                refusalsHeld.sum(), holds.sum(), heldMillis.sum(), holdActive, recordsAcknowledged.sum(),
                recordsStale.sum(), recordsCoalesced.sum(), recordsReleased.sum(), ledgerBreaks.sum());
    }

    /**
     * The counters at one moment.
     *
     * @param shardsStarted        shard processors initialised: leases taken
     * @param recordsReceived      records KCL delivered (after de-aggregation)
     * @param mappingErrors        records, or parts of records (a CSV line, a log event), that could not be mapped
     * @param actionsAcknowledged  actions OpenSearch accepted
     * @param staleVersions        actions OpenSearch refused as older than the stored version: a success
     * @param actionsReplaced      actions not sent because a later one in the batch replaced the document
     * @param actionsFailed        actions OpenSearch refused for good
     * @param deadLetters          records written to the dead-letter destination
     * @param bulkRequests         bulk requests sent, retries included
     * @param retries              bulk requests sent again after a transient failure
     * @param throttled            bulk requests answered with 429, for the request or some items
     * @param concurrency          bulk requests allowed in flight now
     * @param lowestConcurrency    the lowest that bound has been
     * @param concurrencyDecreases how many times 429s lowered it
     * @param checkpoints          checkpoints written
     * @param refusalsHeld         actions refused for a reason an operator can fix (a block, a closed or
     *                             missing index, credentials), counted at each attempt, held and retried
     * @param holds                times the worker's hold began
     * @param heldMillis           how long the holds that ended lasted, together
     * @param holdActive           1 while the worker holds, else 0 (a number, like every counter here)
     * @param recordsAcknowledged  records settled as acknowledged: an action of them accepted, or none to write
     * @param recordsStale         records settled as stale: refused as older than the index holds
     * @param recordsCoalesced     records settled as coalesced: every action replaced by a later one of the batch
     * @param recordsReleased      records dropped unwritten with a lost lease, read again by the next owner
     * @param ledgerBreaks         times a ledger was found not to add up (see {@code Ledger})
     */
    public record Snapshot(long shardsStarted, long recordsReceived, long mappingErrors, long actionsAcknowledged,
            long staleVersions, long actionsReplaced, long actionsFailed, long deadLetters, long bulkRequests,
            long retries, long throttled, long checkpoints, int concurrency, int lowestConcurrency,
            long concurrencyDecreases, long refusalsHeld, long holds, long heldMillis, int holdActive,
            long recordsAcknowledged, long recordsStale, long recordsCoalesced, long recordsReleased,
            long ledgerBreaks) {

        /**
         * Records received but not settled or released: those held in batches and flushes now, when
         * the ledgers add up. Records, not actions (see {@code Ledger}).
         *
         * @return received less acknowledged, stale, coalesced, dead-lettered and released records
         */
        public long recordsUnsettled() {
            return recordsReceived - recordsAcknowledged - recordsStale - recordsCoalesced - deadLetters
                    - recordsReleased;
        }
    }
}
