package io.kinesisopensearch.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one retry policy of both delivery paths: exponential backoff with jitter, capped, so that
 * many shards or functions retrying at once spread out. How many attempts is the caller's choice:
 * the consumer's bulk writes never give up (a record is not lost because OpenSearch was away for a
 * while), the transformer's re-ingest stops before its invocation runs out of time.
 *
 * @param initialDelay the upper bound of the first delay
 * @param maxDelay     the cap of every delay
 */
public record RetryPolicy(Duration initialDelay, Duration maxDelay) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(10));

    /** The delay before retry number {@code attempt} (0 for the first retry): random in [bound/2, bound]. */
    public Duration delay(int attempt) {
        long bound = Math.min(maxDelay.toMillis(), initialDelay.toMillis() << Math.min(attempt, 20));
        long half = bound / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(bound - half + 1));
    }
}
