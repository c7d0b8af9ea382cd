package io.kinesisopensearch.sink.bulk;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.retry.RetryPolicy;
import java.time.Duration;

/**
 * How actions are grouped into bulk requests and how hard the worker may push OpenSearch.
 *
 * @param maxActions      a shard's batch is flushed when it holds this many actions
 * @param maxBytes        ... or this many bytes (the records' data and their actions' sources)
 * @param maxWait         ... or when its oldest action has waited this long
 * @param maxRequestBytes no bulk request is larger; a bigger batch is split (Amazon OpenSearch
 *                        Service accepts 10 MiB on its smallest instance types)
 * @param maxConcurrency  bulk requests in flight at once, for all shards of the worker together;
 *                        lowered on HTTP 429 and raised again as the cluster recovers
 * @param retry           the backoff between attempts
 */
public record BulkConfig(
        int maxActions,
        long maxBytes,
        Duration maxWait,
        long maxRequestBytes,
        int maxConcurrency,
        RetryPolicy retry) {

    /** The setting of {@link #maxActions()}. */
    public static final String MAX_ACTIONS = "bulk.max-actions";
    /** The setting of {@link #maxBytes()}. */
    public static final String MAX_BYTES = "bulk.max-bytes";
    /** The setting of {@link #maxWait()}. */
    public static final String MAX_WAIT = "bulk.max-wait";
    /** The setting of {@link #maxRequestBytes()}. */
    public static final String MAX_REQUEST_BYTES = "bulk.max-request-bytes";
    /** The setting of {@link #maxConcurrency()}. */
    public static final String MAX_CONCURRENCY = "bulk.max-concurrency";
    /** The setting of the first retry's backoff. */
    public static final String RETRY_INITIAL_DELAY = "bulk.retry-initial-delay";
    /** The setting of the longest backoff. */
    public static final String RETRY_MAX_DELAY = "bulk.retry-max-delay";

    private static final int MIB = 1024 * 1024;

    /** 1,000 actions, 5 MiB, 1 s; requests of at most 10 MiB, 8 in flight; the default backoff. */
    public static final BulkConfig DEFAULT = new BulkConfig(1_000, 5L * MIB, Duration.ofSeconds(1), 10L * MIB, 8,
            RetryPolicy.DEFAULT);

    /**
     * Checks that a batch fits in a request.
     *
     * @param maxActions      a batch is flushed when it holds this many actions
     * @param maxBytes        ... or this many bytes
     * @param maxWait         ... or when it is this old
     * @param maxRequestBytes the largest bulk request
     * @param maxConcurrency  bulk requests in flight at once, at most
     * @param retry           the backoff between attempts
     * @throws io.kinesisopensearch.config.ConfigException when {@code maxBytes} exceeds {@code maxRequestBytes}
     */
    public BulkConfig {
        if (maxBytes > maxRequestBytes) {
            throw Settings.invalid(MAX_BYTES, Long.toString(maxBytes),
                    "must not exceed " + MAX_REQUEST_BYTES + " (" + maxRequestBytes + ")");
        }
    }

    /**
     * Reads the {@code bulk.*} settings.
     *
     * @param settings the settings
     * @return the configuration, {@link #DEFAULT} where a setting is unset
     * @throws io.kinesisopensearch.config.ConfigException when a setting is invalid or out of its range
     */
    public static BulkConfig from(Settings settings) {
        return new BulkConfig(
                settings.getInt(MAX_ACTIONS, DEFAULT.maxActions(), 1, 100_000),
                settings.getInt(MAX_BYTES, (int) DEFAULT.maxBytes(), 1_024, 100 * MIB),
                settings.getDuration(MAX_WAIT, DEFAULT.maxWait()),
                settings.getInt(MAX_REQUEST_BYTES, (int) DEFAULT.maxRequestBytes(), 64 * 1_024, 100 * MIB),
                settings.getInt(MAX_CONCURRENCY, DEFAULT.maxConcurrency(), 1, 256),
                new RetryPolicy(
                        settings.getDuration(RETRY_INITIAL_DELAY, RetryPolicy.DEFAULT.initialDelay()),
                        settings.getDuration(RETRY_MAX_DELAY, RetryPolicy.DEFAULT.maxDelay())));
    }
}
