package io.kinesisopensearch.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(10));

    @Test
    void delaysGrowExponentiallyWithJitterAndStayCapped() {
        for (int i = 0; i < 200; i++) {
            assertThat(policy.delay(0).toMillis()).isBetween(50L, 100L);
            assertThat(policy.delay(3).toMillis()).isBetween(400L, 800L);
            assertThat(policy.delay(60).toMillis()).isBetween(5_000L, 10_000L);
        }
    }

    @Test
    void jitterSpreadsRetriesOfManyShards() {
        long distinct = java.util.stream.IntStream.range(0, 50).mapToObj(i -> policy.delay(5)).distinct().count();

        assertThat(distinct).isGreaterThan(10);
    }
}
