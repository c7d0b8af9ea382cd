package io.kinesisopensearch.consumer.metrics;

import io.kinesisopensearch.sink.bulk.WriteCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The worker's meters, in Micrometer's dotted names ({@code kinesis.opensearch.records.received}
 * is scraped as {@code kinesis_opensearch_records_received_total}). The counters are read from
 * {@link WriteCounters}, the one set of counters, rather than counted a second time; bulk latency is a
 * timer with a histogram, fed by {@link WriteCounters#bulkLatency}; per-shard lag is in
 * {@link ShardGauges}.
 */
public final class WorkerMetrics implements AutoCloseable {

    public static final String PREFIX = "kinesis.opensearch.";
    public static final String BULK_LATENCY = PREFIX + "bulk.latency";
    public static final String MAPPING_LATENCY = PREFIX + "mapping.latency";

    private final MeterRegistry registry;
    private final WriteCounters stats;
    private final ShardGauges shards;
    private final Timer bulkLatency;
    private final Timer mappingLatency;
    /** The JVM's collector meters, when this registry is the worker's own; null on a user's registry. */
    private final JvmGcMetrics gcMetrics;

    /** The worker's meters: {@code stats} and the JVM's, in a Prometheus registry of its own for {@code /metrics}. */
    public WorkerMetrics(WriteCounters stats) {
        this(stats, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), true);
    }

    /**
     * Binds {@code stats}, the latency timers and the per-shard gauges to {@code registry}, a user's
     * own when the processor is embedded; the JVM's meters are the user's to bind, and the registry
     * stays open when these meters close.
     */
    public WorkerMetrics(WriteCounters stats, MeterRegistry registry) {
        this(stats, registry, false);
    }

    private WorkerMetrics(WriteCounters stats, MeterRegistry registry, boolean ownRegistry) {
        this.registry = registry;
        this.stats = stats;
        this.shards = new ShardGauges(registry, System::currentTimeMillis);
        bindCounters();
        bulkLatency = Timer.builder(BULK_LATENCY)
                .description("Time from sending a bulk request to its response, retries counted one by one")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
        stats.onBulkLatency(nanos -> bulkLatency.record(nanos, TimeUnit.NANOSECONDS));
        mappingLatency = Timer.builder(MAPPING_LATENCY)
                .description("Time a shard spent mapping one delivery's records, decoding and mapping hooks included")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
        gcMetrics = ownRegistry ? new JvmGcMetrics() : null;
        if (ownRegistry) {
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            gcMetrics.bindTo(registry);
        }
    }

    /** Time spent mapping one delivery, in nanoseconds. */
    public void mappingLatency(long nanos) {
        mappingLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    private void bindCounters() {
        counter("records.received", "Records KCL delivered, after de-aggregation", WriteCounters.Snapshot::recordsReceived);
        counter("documents.acknowledged", "Actions (index, upsert, delete) OpenSearch accepted",
                WriteCounters.Snapshot::actionsAcknowledged);
        counter("documents.stale", "Actions refused as older than the stored external version: the index is newer",
                WriteCounters.Snapshot::staleVersions);
        counter("documents.replaced", "Actions not sent because a later one in the batch replaced the document",
                WriteCounters.Snapshot::actionsReplaced);
        counter("documents.failed", "Actions OpenSearch refused for good", WriteCounters.Snapshot::actionsFailed);
        counter("mapping.errors", "Records or parts of records the mapping could not map",
                WriteCounters.Snapshot::mappingErrors);
        counter("dead.letters", "Records written to the dead-letter destination", WriteCounters.Snapshot::deadLetters);
        counter("bulk.requests", "Bulk requests sent, retries included", WriteCounters.Snapshot::bulkRequests);
        counter("bulk.retries", "Bulk requests sent again after a transient failure", WriteCounters.Snapshot::retries);
        counter("bulk.throttled", "Bulk requests answered with 429 for the request or some items",
                WriteCounters.Snapshot::throttled);
        counter("bulk.concurrency.decreases", "Times 429s lowered the bulk concurrency",
                WriteCounters.Snapshot::concurrencyDecreases);
        counter("checkpoints", "Checkpoints written", WriteCounters.Snapshot::checkpoints);
        counter("shards.started", "Shard processors initialised: leases taken", WriteCounters.Snapshot::shardsStarted);
        counter("refusals.held", "Actions refused for a reason an operator can fix (a block, a closed or missing"
                + " index, credentials), held and retried; counted at each attempt", WriteCounters.Snapshot::refusalsHeld);
        counter("holds", "Times the worker began holding on such refusals", WriteCounters.Snapshot::holds);
        counter("held.seconds", "How long the holds that ended lasted, together",
                snapshot -> snapshot.heldMillis() / 1000.0);
        gauge("holding", "1 while the worker holds its batches on a refusal an operator can fix",
                WriteCounters.Snapshot::holdActive);
        gauge("bulk.concurrency", "Bulk requests allowed in flight now, for all shards",
                snapshot -> snapshot.concurrency());
        Gauge.builder(PREFIX + "records.pending", shards, ShardGauges::pendingRecords)
                .description("Records read but not yet acknowledged or dead-lettered, all shards")
                .register(registry);
        settled("acknowledged", WriteCounters.Snapshot::recordsAcknowledged);
        settled("stale", WriteCounters.Snapshot::recordsStale);
        settled("coalesced", WriteCounters.Snapshot::recordsCoalesced);
        settled("dead_lettered", WriteCounters.Snapshot::deadLetters);
        settled("released", WriteCounters.Snapshot::recordsReleased);
        counter("ledger.breaks", "Times a shard's ledger did not add up after a flush: received records not equal"
                + " to those settled, released and pending (each logged as an ERROR)", WriteCounters.Snapshot::ledgerBreaks);
        for (Stall.Reason reason : Stall.Reason.values()) {
            Gauge.builder(PREFIX + "shards.stalled", shards, gauges -> gauges.stalled(reason))
                    .description("Shards stalled now (records waiting, no progress for worker.stall-after), by reason")
                    .tag("reason", reason.tag())
                    .register(registry);
        }
    }

    private void settled(String outcome, ToDoubleFunction<WriteCounters.Snapshot> value) {
        FunctionCounter.builder(PREFIX + "records.settled", stats, s -> value.applyAsDouble(s.snapshot()))
                .description("Records settled, all shards, by outcome: acknowledged (or nothing to write), stale,"
                        + " coalesced into a later action, dead-lettered, released unwritten with a lost lease")
                .tag("outcome", outcome)
                .register(registry);
    }

    private void counter(String name, String description, ToDoubleFunction<WriteCounters.Snapshot> value) {
        FunctionCounter.builder(PREFIX + name, stats, s -> value.applyAsDouble(s.snapshot()))
                .description(description)
                .register(registry);
    }

    private void gauge(String name, String description, ToDoubleFunction<WriteCounters.Snapshot> value) {
        Gauge.builder(PREFIX + name, stats, s -> value.applyAsDouble(s.snapshot()))
                .description(description)
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The per-shard gauges, for the shard processors. */
    public ShardGauges shards() {
        return shards;
    }

    /** All meters in Prometheus's text format, as {@code /metrics} serves them; empty for a registry of another kind. */
    public String scrape() {
        return registry instanceof PrometheusMeterRegistry prometheus ? prometheus.scrape() : "";
    }

    /** Stops the meters; a registry that was given is left open for its owner. */
    @Override
    public void close() {
        stats.onBulkLatency(nanos -> { });
        if (gcMetrics != null) {
            gcMetrics.close();
            registry.close();
        }
    }
}
