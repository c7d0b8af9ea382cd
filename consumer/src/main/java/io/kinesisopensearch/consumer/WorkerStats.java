package io.kinesisopensearch.consumer;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one worker, shared by all its shards: what tests assert on and what the worker logs
 * when it stops.
 */
public final class WorkerStats {

    private final LongAdder shardsStarted = new LongAdder();
    private final LongAdder recordsReceived = new LongAdder();
    private final LongAdder mappingErrors = new LongAdder();
    private final LongAdder actionsAcknowledged = new LongAdder();
    private final LongAdder staleVersions = new LongAdder();
    private final LongAdder actionsFailed = new LongAdder();
    private final LongAdder bulkRequests = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder checkpoints = new LongAdder();

    public void shardStarted() {
        shardsStarted.increment();
    }

    public void recordsReceived(int count) {
        recordsReceived.add(count);
    }

    public void mappingError() {
        mappingErrors.increment();
    }

    public void actionsAcknowledged(int count) {
        actionsAcknowledged.add(count);
    }

    public void staleVersions(int count) {
        staleVersions.add(count);
    }

    public void actionsFailed(int count) {
        actionsFailed.add(count);
    }

    public void bulkRequest() {
        bulkRequests.increment();
    }

    public void retry() {
        retries.increment();
    }

    public void checkpoint() {
        checkpoints.increment();
    }

    /** A consistent-enough copy of the counters. */
    public Snapshot snapshot() {
        return new Snapshot(shardsStarted.sum(), recordsReceived.sum(), mappingErrors.sum(), actionsAcknowledged.sum(), staleVersions.sum(),
                actionsFailed.sum(), bulkRequests.sum(), retries.sum(), checkpoints.sum());
    }

    /**
     * The counters at one moment.
     *
     * @param shardsStarted       shard processors initialised: leases taken
     * @param recordsReceived     records KCL delivered (after de-aggregation)
     * @param mappingErrors       records that could not be mapped
     * @param actionsAcknowledged actions OpenSearch accepted
     * @param staleVersions       actions OpenSearch refused as older than the stored version: a success
     * @param actionsFailed       actions OpenSearch refused for good
     * @param bulkRequests        bulk requests sent, retries included
     * @param retries             bulk requests or items sent again after a transient failure
     * @param checkpoints         checkpoints written
     */
    public record Snapshot(long shardsStarted, long recordsReceived, long mappingErrors, long actionsAcknowledged, long staleVersions,
            long actionsFailed, long bulkRequests, long retries, long checkpoints) {
    }
}
