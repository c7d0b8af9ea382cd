package io.kinesisopensearch.consumer.bulk;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one retry policy: exponential backoff with jitter, capped. There is no attempt limit: a
 * record is never given up because OpenSearch was away for a while; the worker stops retrying only
 * when it is shut down or loses the shard.
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
