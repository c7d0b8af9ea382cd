package io.kinesisopensearch.localstack.testing;

/**
 * The bound of consumer/README.md, "Memory", computed from a worker's settings: the record bytes a
 * polling worker can hold however far behind it falls, and the heap that takes.
 *
 * @param shards             shards the worker reads
 * @param recordBytes        the size of one record's data
 * @param maxRecordsPerFetch {@code kinesis.max-records-per-fetch}
 * @param maxPendingFetches  {@code kinesis.max-pending-fetches}
 * @param maxPrefetchBytes   {@code kinesis.max-prefetch-bytes}
 * @param bulkMaxBytes       {@code bulk.max-bytes}
 * @param bulkMaxRequestBytes {@code bulk.max-request-bytes}
 * @param bulkMaxConcurrency {@code bulk.max-concurrency}
 */
public record HeapBound(int shards, int recordBytes, int maxRecordsPerFetch, int maxPendingFetches, long maxPrefetchBytes,
        long bulkMaxBytes, long bulkMaxRequestBytes, int bulkMaxConcurrency) {

    /** GetRecords returns at most 10 MiB (and 10,000 records); KCL's queue holds at most 30,000 records. */
    public static final long GET_RECORDS_MAX_BYTES = 10L * 1024 * 1024;
    public static final int KCL_MAX_RECORDS_COUNT = 30_000;

    /** One GetRecords result with the shard far behind: as many records as asked, up to 10 MiB. */
    public long fetch() {
        return Math.min((long) maxRecordsPerFetch * recordBytes, GET_RECORDS_MAX_BYTES);
    }

    /**
     * Fetched results KCL holds for a shard ahead of its processor: it fetches again while it holds
     * fewer than {@code maxPendingFetches} results, fewer than {@code maxPrefetchBytes} and fewer than
     * 30,000 records (PrefetchRecordsPublisher.PrefetchCounters.shouldGetNewRecords), so the last fetch
     * crosses the byte limit.
     */
    public long queuedFetches() {
        long records = Math.max(1, fetch() / recordBytes);
        long byBytes = ceilDiv(maxPrefetchBytes, fetch());
        long byRecords = ceilDiv(KCL_MAX_RECORDS_COUNT, records);
        return Math.max(1, Math.min(maxPendingFetches, Math.min(byBytes, byRecords)));
    }

    /** Per shard: the queue, the delivery the processor works on, and its batch (records and sources, one record over). */
    public long perShard() {
        return queuedFetches() * fetch() + fetch() + bulkMaxBytes + 2L * recordBytes;
    }

    /** The bulk request bodies in flight, for the worker as a whole. */
    public long inFlight() {
        return Math.min(bulkMaxConcurrency, shards) * Math.min(bulkMaxRequestBytes, bulkMaxBytes);
    }

    /** Record bytes the worker can hold at most. */
    public long recordData() {
        return shards * perShard() + inFlight();
    }

    /** The heap: {@code base} (an idle worker with its leases) plus {@code k} heap bytes per record byte held. */
    public long heap(long base, double k) {
        return base + (long) (k * recordData());
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
