package io.kinesisopensearch.consumer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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

    private double value(String name, String shard) {
        Gauge gauge = registry.get(name).tags("stream", "orders", "shard", shard).gauge();
        return gauge.value();
    }
}
