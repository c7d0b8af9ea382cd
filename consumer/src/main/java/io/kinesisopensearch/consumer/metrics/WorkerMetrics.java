package io.kinesisopensearch.consumer.metrics;

import io.kinesisopensearch.consumer.WorkerStats;
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
 * {@link WorkerStats}, the one set of counters, rather than counted a second time; bulk latency is a
 * timer with a histogram, fed by {@link WorkerStats#bulkLatency}; per-shard lag is in
 * {@link ShardGauges}.
 */
public final class WorkerMetrics implements AutoCloseable {

    public static final String PREFIX = "kinesis.opensearch.";
    public static final String BULK_LATENCY = PREFIX + "bulk.latency";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final WorkerStats stats;
    private final ShardGauges shards;
    private final Timer bulkLatency;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    /** Binds {@code stats} to a Prometheus registry and starts the latency histogram. */
    public WorkerMetrics(WorkerStats stats) {
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
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
    }

    private void bindCounters() {
        counter("records.received", "Records KCL delivered, after de-aggregation", WorkerStats.Snapshot::recordsReceived);
        counter("documents.acknowledged", "Actions (index, upsert, delete) OpenSearch accepted",
                WorkerStats.Snapshot::actionsAcknowledged);
        counter("documents.stale", "Actions refused as older than the stored external version: the index is newer",
                WorkerStats.Snapshot::staleVersions);
        counter("documents.replaced", "Actions not sent because a later one in the batch replaced the document",
                WorkerStats.Snapshot::actionsReplaced);
        counter("documents.failed", "Actions OpenSearch refused for good", WorkerStats.Snapshot::actionsFailed);
        counter("mapping.errors", "Records or parts of records the mapping could not map",
                WorkerStats.Snapshot::mappingErrors);
        counter("dead.letters", "Records written to the dead-letter destination", WorkerStats.Snapshot::deadLetters);
        counter("bulk.requests", "Bulk requests sent, retries included", WorkerStats.Snapshot::bulkRequests);
        counter("bulk.retries", "Bulk requests sent again after a transient failure", WorkerStats.Snapshot::retries);
        counter("bulk.throttled", "Bulk requests answered with 429 for the request or some items",
                WorkerStats.Snapshot::throttled);
        counter("bulk.concurrency.decreases", "Times 429s lowered the bulk concurrency",
                WorkerStats.Snapshot::concurrencyDecreases);
        counter("checkpoints", "Checkpoints written", WorkerStats.Snapshot::checkpoints);
        counter("shards.started", "Shard processors initialised: leases taken", WorkerStats.Snapshot::shardsStarted);
        counter("refusals.held", "Actions refused for a reason an operator can fix (a block, a closed or missing"
                + " index, credentials), held and retried; counted at each attempt", WorkerStats.Snapshot::refusalsHeld);
        counter("holds", "Times the worker began holding on such refusals", WorkerStats.Snapshot::holds);
        counter("held.seconds", "How long the holds that ended lasted, together",
                snapshot -> snapshot.heldMillis() / 1000.0);
        gauge("holding", "1 while the worker holds its batches on a refusal an operator can fix",
                WorkerStats.Snapshot::holdActive);
        gauge("bulk.concurrency", "Bulk requests allowed in flight now, for all shards",
                snapshot -> snapshot.concurrency());
        Gauge.builder(PREFIX + "records.pending", shards, ShardGauges::pendingRecords)
                .description("Records read but not yet acknowledged or dead-lettered, all shards")
                .register(registry);
    }

    private void counter(String name, String description, ToDoubleFunction<WorkerStats.Snapshot> value) {
        FunctionCounter.builder(PREFIX + name, stats, s -> value.applyAsDouble(s.snapshot()))
                .description(description)
                .register(registry);
    }

    private void gauge(String name, String description, ToDoubleFunction<WorkerStats.Snapshot> value) {
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

    /** All meters in Prometheus's text format, as {@code /metrics} serves them. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        stats.onBulkLatency(nanos -> { });
        gcMetrics.close();
        registry.close();
    }
}
