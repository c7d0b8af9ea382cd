package io.kinesisopensearch.consumer.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * How far behind each shard this worker holds is, as gauges tagged {@code stream} and {@code shard}:
 * KCL's {@code millisBehindLatest} (how far reading is behind the stream's tip) and the age of the
 * oldest record read but not yet acknowledged (how far the index is behind what was read). A
 * shard's gauges exist while this worker holds its lease.
 */
public final class ShardGauges {

    public static final String MILLIS_BEHIND_LATEST = "kinesis.opensearch.shard.millis.behind.latest";
    public static final String OLDEST_UNACKNOWLEDGED = "kinesis.opensearch.shard.oldest.unacknowledged.millis";
    public static final String PENDING_RECORDS = "kinesis.opensearch.shard.pending.records";

    private final MeterRegistry registry;
    private final LongSupplier clockMillis;
    private final Map<String, Shard> shards = new ConcurrentHashMap<>();

    public ShardGauges(MeterRegistry registry, LongSupplier clockMillis) {
        this.registry = registry;
        this.clockMillis = clockMillis;
    }

    /** Starts the gauges of a shard whose lease was just taken; they go with {@link Shard#close()}. */
    public Shard open(String stream, String shardId) {
        Shard shard = new Shard(stream, shardId);
        Shard previous = shards.put(shard.key, shard);
        if (previous != null) {
            previous.removeMeters();
        }
        shard.register();
        return shard;
    }

    /** Records read but not acknowledged yet, over all shards. */
    public long pendingRecords() {
        return shards.values().stream().mapToLong(shard -> shard.pendingRecords).sum();
    }

    /** The largest {@code millisBehindLatest} of the shards, 0 when none has reported one. */
    public long maxMillisBehindLatest() {
        return shards.values().stream().mapToLong(shard -> Math.max(0, shard.millisBehindLatest)).max().orElse(0);
    }

    /** Shards with gauges: held by this worker. */
    public int size() {
        return shards.size();
    }

    /**
     * One shard's figures. Written by the shard's processor thread, read by scrapes: plain volatile
     * fields, no locking on the data path.
     */
    public final class Shard implements AutoCloseable {
        private final String key;
        private final Tags tags;
        private volatile long millisBehindLatest = -1;
        private volatile long oldestArrivalMillis;
        private volatile int pendingRecords;
        private volatile Gauge[] meters = new Gauge[0];

        private Shard(String stream, String shardId) {
            this.key = stream + '/' + shardId;
            this.tags = Tags.of("stream", stream, "shard", shardId);
        }

        private void register() {
            meters = new Gauge[] {
                Gauge.builder(MILLIS_BEHIND_LATEST, this, Shard::millisBehindLatestValue)
                        .description("How far the shard's reading is behind the tip of the stream, as KCL reports it")
                        .tags(tags).register(registry),
                Gauge.builder(OLDEST_UNACKNOWLEDGED, this, Shard::oldestUnacknowledgedMillis)
                        .description("Age since its arrival in Kinesis of the oldest record read but not yet"
                                + " acknowledged; 0 when nothing is pending")
                        .tags(tags).register(registry),
                Gauge.builder(PENDING_RECORDS, this, shard -> shard.pendingRecords)
                        .description("Records read but not yet acknowledged or dead-lettered")
                        .tags(tags).register(registry)
            };
        }

        /** KCL's figure from the last delivery; it may not have one (null). */
        public void millisBehindLatest(Long millis) {
            if (millis != null) {
                millisBehindLatest = millis;
            }
        }

        /**
         * The shard's batch holds {@code records}, the oldest of which arrived in Kinesis at
         * {@code oldestArrivalMillis} (epoch millis).
         */
        public void pending(int records, long oldestArrivalMillis) {
            this.oldestArrivalMillis = oldestArrivalMillis;
            this.pendingRecords = records;
        }

        /** Everything read is acknowledged or dead-lettered, or dropped with the lease. */
        public void cleared() {
            pendingRecords = 0;
        }

        double millisBehindLatestValue() {
            long millis = millisBehindLatest;
            return millis < 0 ? Double.NaN : millis;
        }

        double oldestUnacknowledgedMillis() {
            if (pendingRecords == 0) {
                return 0;
            }
            return Math.max(0, clockMillis.getAsLong() - oldestArrivalMillis);
        }

        /** The lease is gone or the shard ended: its gauges go. */
        @Override
        public void close() {
            if (shards.remove(key, this)) {
                removeMeters();
            }
        }

        private void removeMeters() {
            for (Gauge meter : meters) {
                registry.remove(meter);
            }
            meters = new Gauge[0];
        }
    }
}
