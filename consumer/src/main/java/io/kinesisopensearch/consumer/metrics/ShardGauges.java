package io.kinesisopensearch.consumer.metrics;

import io.kinesisopensearch.sink.batch.Ledger;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * How each shard this worker holds is doing, as meters tagged {@code stream} and {@code shard}:
 * KCL's {@code millisBehindLatest} (how far reading is behind the stream's tip), the age of the
 * oldest record read but not yet acknowledged (how far the index is behind what was read), the
 * shard's {@link Ledger} (records received and each one's outcome), the time left before its
 * oldest record not yet acknowledged passes the source's retention, and how long it has been
 * stalled. A shard's meters exist while this worker holds its lease.
 */
public final class ShardGauges {

    public static final String MILLIS_BEHIND_LATEST = "kinesis.opensearch.shard.millis.behind.latest";
    public static final String OLDEST_UNACKNOWLEDGED = "kinesis.opensearch.shard.oldest.unacknowledged.millis";
    public static final String PENDING_RECORDS = "kinesis.opensearch.shard.pending.records";
    public static final String RECORDS_RECEIVED = "kinesis.opensearch.shard.records.received";
    /** Records settled, by {@code outcome}: acknowledged, stale, coalesced, dead_lettered, released. */
    public static final String RECORDS_SETTLED = "kinesis.opensearch.shard.records.settled";
    public static final String RETENTION_LEFT = "kinesis.opensearch.shard.retention.left.seconds";
    public static final String STALLED = "kinesis.opensearch.shard.stalled.seconds";

    /** What a stream keeps when nothing better is known: Kinesis's default, DynamoDB Streams' fixed period. */
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);
    public static final Duration DEFAULT_STALL_AFTER = Duration.ofMinutes(2);

    private final MeterRegistry registry;
    private final LongSupplier clockMillis;
    private final LongSupplier nanoClock;
    private final Map<String, Shard> shards = new ConcurrentHashMap<>();
    private volatile Duration stallAfter = DEFAULT_STALL_AFTER;
    private volatile Optional<Duration> retentionWarning = Optional.empty();

    public ShardGauges(MeterRegistry registry, LongSupplier clockMillis) {
        this(registry, clockMillis, System::nanoTime);
    }

    /** With the clocks given: wall-clock milliseconds (records' arrival times) and {@link System#nanoTime()}. */
    public ShardGauges(MeterRegistry registry, LongSupplier clockMillis, LongSupplier nanoClock) {
        this.registry = registry;
        this.clockMillis = clockMillis;
        this.nanoClock = nanoClock;
    }

    /**
     * How long a shard with records waiting may make no progress before it is stalled, and below
     * what time left of the retention a shard warns (empty: a quarter of its stream's retention).
     */
    public void watch(Duration stallAfter, Optional<Duration> retentionWarning) {
        this.stallAfter = stallAfter;
        this.retentionWarning = retentionWarning;
    }

    public Duration stallAfter() {
        return stallAfter;
    }

    /** Starts the gauges of a shard whose lease was just taken, with a ledger of its own; they go with {@link Shard#close()}. */
    public Shard open(String stream, String shardId) {
        return open(stream, shardId, new Ledger(stream, shardId));
    }

    /** Starts the meters of a shard whose lease was just taken, whose records {@code ledger} counts. */
    public Shard open(String stream, String shardId, Ledger ledger) {
        Shard shard = new Shard(stream, shardId, ledger);
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

    /** The least time left before a shard's oldest record not yet acknowledged passes its retention; empty without shards. */
    public OptionalDouble minRetentionLeftSeconds() {
        return shards.values().stream().mapToDouble(Shard::retentionLeftSeconds).min();
    }

    /** Shards stalled now for {@code reason}. */
    public long stalled(Stall.Reason reason) {
        return shards.values().stream().filter(shard -> shard.stall().filter(s -> s.reason() == reason).isPresent())
                .count();
    }

    /** Whether some shard's processor thread is blocked (see {@link Stall.Reason#PROCESSOR_BLOCKED}). */
    public boolean blocked() {
        return shards.values().stream().anyMatch(shard -> shard.stall().map(s -> s.reason().restartHelps()).orElse(false));
    }

    /** The shards with meters: held by this worker. */
    public Collection<Shard> all() {
        return List.copyOf(shards.values());
    }

    /** Shards with gauges: held by this worker. */
    public int size() {
        return shards.size();
    }

    /**
     * One shard's figures. Written by the shard's processor thread, read by scrapes and the watch:
     * plain volatile fields, no locking on the data path.
     */
    public final class Shard implements AutoCloseable {
        private final String key;
        private final String stream;
        private final String shardId;
        private final Tags tags;
        private final Ledger ledger;
        private volatile long millisBehindLatest = -1;
        private volatile long behindReportedMillis;
        private volatile long oldestArrivalMillis;
        private volatile int pendingRecords;
        private volatile long pendingSinceNanos;
        private volatile long deliverySinceNanos;
        private volatile long lastDeliveryNanos;
        private volatile Duration retention = DEFAULT_RETENTION;
        private volatile List<Meter> meters = List.of();
        // The watch's own state, read and written by its thread only.
        Stall reportedStall;
        long stallSinceNanos;
        long stallLoggedNanos;
        boolean retentionWarned;
        long retentionLoggedNanos;

        private Shard(String stream, String shardId, Ledger ledger) {
            this.key = stream + '/' + shardId;
            this.stream = stream;
            this.shardId = shardId;
            this.tags = Tags.of("stream", stream, "shard", shardId);
            this.ledger = ledger;
            this.lastDeliveryNanos = nanoClock.getAsLong();
        }

        private void register() {
            List<Meter> registered = new ArrayList<>();
            registered.add(Gauge.builder(MILLIS_BEHIND_LATEST, this, Shard::millisBehindLatestValue)
                    .description("How far the shard's reading is behind the tip of the stream, as KCL reports it")
                    .tags(tags).register(registry));
            registered.add(Gauge.builder(OLDEST_UNACKNOWLEDGED, this, Shard::oldestUnacknowledgedMillis)
                    .description("Age since its arrival in Kinesis of the oldest record read but not yet"
                            + " acknowledged; 0 when nothing is pending")
                    .tags(tags).register(registry));
            registered.add(Gauge.builder(PENDING_RECORDS, this, shard -> shard.pendingRecords)
                    .description("Records read but not yet acknowledged or dead-lettered")
                    .tags(tags).register(registry));
            registered.add(FunctionCounter.builder(RECORDS_RECEIVED, this, shard -> shard.account().received())
                    .description("Records of the shard mapped into a batch since this worker took its lease")
                    .tags(tags).register(registry));
            settled(registered, "acknowledged", Ledger.Account::acknowledged);
            settled(registered, "stale", Ledger.Account::stale);
            settled(registered, "coalesced", Ledger.Account::coalesced);
            settled(registered, "dead_lettered", Ledger.Account::deadLettered);
            settled(registered, "released", Ledger.Account::released);
            registered.add(Gauge.builder(RETENTION_LEFT, this, Shard::retentionLeftSeconds)
                    .description("Time left before the shard's oldest record not yet acknowledged (read or not)"
                            + " passes the source's retention and is deleted")
                    .tags(tags).register(registry));
            registered.add(Gauge.builder(STALLED, this, shard -> shard.stall().map(Stall::seconds).orElse(0L))
                    .description("How long the shard's waiting records have made no progress, once that is"
                            + " worker.stall-after or more; 0 otherwise")
                    .tags(tags).register(registry));
            meters = List.copyOf(registered);
        }

        private void settled(List<Meter> registered, String outcome, ToDoubleFunction<Ledger.Account> value) {
            registered.add(FunctionCounter.builder(RECORDS_SETTLED, this, shard -> value.applyAsDouble(shard.account()))
                    .description("Records of the shard settled since this worker took its lease, by outcome:"
                            + " acknowledged, stale, coalesced into a later action, dead-lettered, or released"
                            + " unwritten with a lost lease")
                    .tags(tags.and("outcome", outcome)).register(registry));
        }

        public String stream() {
            return stream;
        }

        public String shardId() {
            return shardId;
        }

        /** The shard's ledger, with what its batch holds as pending. */
        public Ledger.Account account() {
            return ledger.account(pendingRecords);
        }

        /** KCL's figure from the last delivery; it may not have one (null). */
        public void millisBehindLatest(Long millis) {
            if (millis != null) {
                millisBehindLatest = millis;
                behindReportedMillis = clockMillis.getAsLong();
            }
        }

        /** How long the source keeps the shard's records. */
        public void retention(Duration value) {
            retention = value;
        }

        public Duration retention() {
            return retention;
        }

        /**
         * The shard's batch holds {@code records}, the oldest of which arrived in Kinesis at
         * {@code oldestArrivalMillis} (epoch millis).
         */
        public void pending(int records, long oldestArrivalMillis) {
            if (pendingRecords == 0 && records > 0) {
                pendingSinceNanos = nanoClock.getAsLong();
            }
            this.oldestArrivalMillis = oldestArrivalMillis;
            this.pendingRecords = records;
        }

        /** Everything read is acknowledged or dead-lettered, or dropped with the lease. */
        public void cleared() {
            pendingRecords = 0;
        }

        /** The processor thread took a delivery from KCL. */
        public void deliveryStarted() {
            deliverySinceNanos = nanoClock.getAsLong();
        }

        /** The processor thread returned the delivery to KCL. */
        public void deliveryEnded() {
            lastDeliveryNanos = nanoClock.getAsLong();
            deliverySinceNanos = 0;
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

        /**
         * Age of the oldest record not yet acknowledged, read or not: the older of the batch's oldest
         * record and the reading position, whose age KCL's {@code millisBehindLatest} gives at each
         * delivery (and which goes on ageing while no delivery comes).
         */
        long oldestUnacknowledgedAgeMillis() {
            long now = clockMillis.getAsLong();
            long batch = pendingRecords == 0 ? 0 : Math.max(0, now - oldestArrivalMillis);
            long behind = millisBehindLatest;
            long reading = behind <= 0 ? 0 : behind + Math.max(0, now - behindReportedMillis);
            return Math.max(batch, reading);
        }

        /** Time left before the oldest record not yet acknowledged passes the retention; negative once past it. */
        public double retentionLeftSeconds() {
            return (retention.toMillis() - oldestUnacknowledgedAgeMillis()) / 1000.0;
        }

        /** Below how much time left the watch warns. */
        public Duration retentionWarning() {
            return retentionWarning.orElse(retention.dividedBy(4));
        }

        /**
         * Whether the shard is stalled now: records wait (in its batch, or in a delivery the
         * processor has not returned) and nothing has moved for {@link #stallAfter()}.
         */
        public Optional<Stall> stall() {
            long now = nanoClock.getAsLong();
            long inDelivery = deliverySinceNanos;
            boolean waiting = pendingRecords > 0 || inDelivery != 0;
            if (!waiting) {
                return Optional.empty();
            }
            long waitingSince = pendingRecords > 0 ? pendingSinceNanos : inDelivery;
            if (inDelivery != 0 && pendingRecords > 0) {
                waitingSince = Math.min(waitingSince, inDelivery);
            }
            long movedAt = Math.max(waitingSince, ledger.lastProgressNanos());
            long still = now - movedAt;
            long threshold = stallAfter.toNanos();
            if (still < threshold) {
                return Optional.empty();
            }
            long seconds = still / 1_000_000_000L;
            Optional<Ledger.Waiting> waits = ledger.waiting();
            if (waits.isPresent()) {
                return Optional.of(new Stall(Stall.Reason.of(waits.get().reason()), seconds, waits.get().cause()));
            }
            if (inDelivery != 0) {
                long blocked = now - inDelivery;
                if (blocked >= threshold) {
                    return Optional.of(new Stall(Stall.Reason.PROCESSOR_BLOCKED, seconds,
                            "in the same delivery for " + blocked / 1_000_000_000L + " s"));
                }
                return Optional.empty();
            }
            long quiet = now - lastDeliveryNanos;
            if (quiet >= threshold) {
                return Optional.of(new Stall(Stall.Reason.NO_DELIVERIES, seconds,
                        "no delivery for " + quiet / 1_000_000_000L + " s"));
            }
            // Deliveries come and return: the batch waits for its limits, which the processor judges.
            return Optional.empty();
        }

        /** The lease is gone or the shard ended: its meters go. */
        @Override
        public void close() {
            if (shards.remove(key, this)) {
                removeMeters();
            }
        }

        private void removeMeters() {
            for (Meter meter : meters) {
                registry.remove(meter);
            }
            meters = List.of();
        }
    }
}
