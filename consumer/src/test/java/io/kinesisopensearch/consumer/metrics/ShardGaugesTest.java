package io.kinesisopensearch.consumer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ShardGaugesTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final ShardGauges gauges = new ShardGauges(registry, now::get);

    @Test
    void eachShardReportsKclsLagAndTheAgeOfItsOldestUnacknowledgedRecord() {
        ShardGauges.Shard one = gauges.open("orders", "shardId-000000000001");
        ShardGauges.Shard two = gauges.open("orders", "shardId-000000000002");

        assertThat(value(ShardGauges.MILLIS_BEHIND_LATEST, "shardId-000000000001")).as("before KCL reports").isNaN();
        one.millisBehindLatest(4_000L);
        one.millisBehindLatest(null);
        two.millisBehindLatest(250L);
        one.pending(40, now.get() - 1_500);
        now.addAndGet(500);

        assertThat(value(ShardGauges.MILLIS_BEHIND_LATEST, "shardId-000000000001")).isEqualTo(4_000);
        assertThat(value(ShardGauges.MILLIS_BEHIND_LATEST, "shardId-000000000002")).isEqualTo(250);
        assertThat(value(ShardGauges.OLDEST_UNACKNOWLEDGED, "shardId-000000000001")).isEqualTo(2_000);
        assertThat(value(ShardGauges.OLDEST_UNACKNOWLEDGED, "shardId-000000000002")).as("nothing pending").isZero();
        assertThat(value(ShardGauges.PENDING_RECORDS, "shardId-000000000001")).isEqualTo(40);
        assertThat(gauges.pendingRecords()).isEqualTo(40);
        assertThat(gauges.maxMillisBehindLatest()).isEqualTo(4_000);

        one.cleared();
        assertThat(value(ShardGauges.OLDEST_UNACKNOWLEDGED, "shardId-000000000001")).isZero();
        assertThat(gauges.pendingRecords()).isZero();
    }

    @Test
    void aShardsGaugesGoWhenItsLeaseDoes() {
        ShardGauges.Shard one = gauges.open("orders", "shardId-000000000001");
        gauges.open("orders", "shardId-000000000002");

        one.close();

        assertThat(registry.find(ShardGauges.MILLIS_BEHIND_LATEST).tag("shard", "shardId-000000000001").gauge()).isNull();
        assertThat(registry.find(ShardGauges.OLDEST_UNACKNOWLEDGED).tag("shard", "shardId-000000000001").gauge())
                .isNull();
        assertThat(registry.find(ShardGauges.MILLIS_BEHIND_LATEST).gauges()).hasSize(1);
        assertThat(gauges.size()).isEqualTo(1);
    }

    @Test
    void aShardTakenAgainGetsFreshGaugesAndTheOldProcessorCannotRemoveThem() {
        ShardGauges.Shard before = gauges.open("orders", "shardId-000000000001");
        before.millisBehindLatest(9_000L);
        ShardGauges.Shard again = gauges.open("orders", "shardId-000000000001");
        again.millisBehindLatest(100L);

        before.close();

        assertThat(value(ShardGauges.MILLIS_BEHIND_LATEST, "shardId-000000000001")).isEqualTo(100);
        assertThat(gauges.size()).isEqualTo(1);
    }

    @Test
    void retentionLeftIsTheRetentionLessTheAgeOfTheOldestRecordNotYetAcknowledgedReadOrNot() {
        ShardGauges.Shard shard = gauges.open("orders", "shardId-000000000001");
        assertThat(value(ShardGauges.RETENTION_LEFT, "shardId-000000000001")).as("24 h unless told")
                .isEqualTo(86_400);
        shard.retention(Duration.ofHours(1));
        shard.pending(10, now.get() - Duration.ofMinutes(20).toMillis());
        assertThat(value(ShardGauges.RETENTION_LEFT, "shardId-000000000001")).isEqualTo(2_400);
        assertThat(shard.retentionWarning()).as("a quarter of the retention by default").isEqualTo(Duration.ofMinutes(15));

        shard.millisBehindLatest(Duration.ofMinutes(50).toMillis());
        assertThat(value(ShardGauges.RETENTION_LEFT, "shardId-000000000001")).as("the unread records are older")
                .isEqualTo(600);
        now.addAndGet(Duration.ofMinutes(5).toMillis());
        assertThat(value(ShardGauges.RETENTION_LEFT, "shardId-000000000001")).as("and age while nothing is read")
                .isEqualTo(300);
        gauges.watch(Duration.ofMinutes(2), Optional.of(Duration.ofMinutes(30)));
        assertThat(shard.retentionWarning()).isEqualTo(Duration.ofMinutes(30));
        assertThat(gauges.minRetentionLeftSeconds()).hasValue(300);
    }

    @Test
    void aShardWithRecordsWaitingAndNoProgressIsStalledWithItsReason() {
        AtomicLong nanos = new AtomicLong(0);
        ShardGauges watched = new ShardGauges(registry, now::get, nanos::get);
        watched.watch(Duration.ofSeconds(10), Optional.empty());
        ShardGauges.Shard shard = watched.open("orders", "shardId-000000000001");

        nanos.addAndGet(seconds(60));
        assertThat(shard.stall()).as("nothing waits").isEmpty();
        shard.pending(5, now.get());
        nanos.addAndGet(seconds(9));
        assertThat(shard.stall()).as("not yet").isEmpty();
        nanos.addAndGet(seconds(2));
        assertThat(shard.stall()).hasValueSatisfying(stall -> {
            assertThat(stall.reason()).isEqualTo(Stall.Reason.NO_DELIVERIES);
            assertThat(stall.seconds()).isEqualTo(11);
        });
        assertThat(watched.blocked()).as("KCL not delivering is no reason to restart").isFalse();

        // Deliveries come and go: the batch waits for its limits, which is no stall.
        shard.deliveryStarted();
        shard.deliveryEnded();
        assertThat(shard.stall()).isEmpty();

        // A delivery that does not return: the processor thread is blocked.
        shard.deliveryStarted();
        nanos.addAndGet(seconds(10));
        assertThat(shard.stall()).map(Stall::reason).hasValue(Stall.Reason.PROCESSOR_BLOCKED);
        assertThat(watched.stalled(Stall.Reason.PROCESSOR_BLOCKED)).isEqualTo(1);
        assertThat(watched.blocked()).as("only a restart frees the thread").isTrue();
        assertThat(registry.get(ShardGauges.STALLED).tags("shard", "shardId-000000000001").gauge().value())
                .isEqualTo(21);
        shard.deliveryEnded();
        shard.cleared();
        assertThat(shard.stall()).isEmpty();
        assertThat(watched.blocked()).isFalse();
    }

    private static long seconds(long seconds) {
        return Duration.ofSeconds(seconds).toNanos();
    }

    private double value(String name, String shard) {
        Gauge gauge = registry.get(name).tags("stream", "orders", "shard", shard).gauge();
        return gauge.value();
    }
}
