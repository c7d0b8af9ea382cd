package io.kinesisopensearch.consumer;

import io.kinesisopensearch.consumer.dependency.Dependency;
import io.kinesisopensearch.consumer.dependency.DependencyMonitor;
import io.kinesisopensearch.consumer.metrics.KclTableCalls;
import io.kinesisopensearch.consumer.metrics.WorkerMonitor;
import io.kinesisopensearch.consumer.processor.OpenSearchRecordProcessorFactory;
import io.kinesisopensearch.sink.OpenSearchSink;
import io.kinesisopensearch.sink.bulk.WriteCounters;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.coordinator.CoordinatorConfig;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.leases.LeaseAssignmentStrategy;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.metrics.MetricsConfig;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.processor.ProcessorConfig;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;
import software.amazon.kinesis.processor.StreamTracker;
import software.amazon.kinesis.retrieval.RetrievalConfig;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * One KCL worker: it takes shard leases in the application's lease table, runs a processor per
 * shard and stops gracefully, checkpoints written. Several workers with the same application name
 * share the stream's shards between them. One worker may read several streams, each with its own
 * mapping; the bulk writer, its concurrency limit, the dead-letter destination and the counters
 * are the worker's, shared by all its shards. With {@code source.type=dynamodb-streams} it reads one
 * table's own DynamoDB Stream instead, through {@link DynamoDbStreamsSource}.
 */
public final class ConsumerWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerWorker.class);

    /** Schedulers built for one worker when KCL stops on its own, before giving up. */
    private static final int MAX_SCHEDULERS = 10;
    private static final int INITIALIZATION_ATTEMPTS = 5;
    /** How long a processor giving up a moved lease may take to flush before the lease goes anyway. */
    private static final Duration GRACEFUL_HANDOFF_TIMEOUT = Duration.ofSeconds(30);

    private final String workerId;
    private final ConsumerConfig config;
    private final AwsClients aws;
    /** With {@code source.type=dynamodb-streams}, the table's stream; null when Kinesis is read. */
    private final DynamoDbStreamsSource tableStream;
    private final OpenSearchSink sink;
    /** The shard processors' factory: every stream's mapping, the sink, the worker's meters. */
    private final ShardRecordProcessorFactory processors;
    private final Thread schedulerThread;
    private final ScheduledExecutorService statsLogger;
    private final WriteCounters stats;
    private final WorkerMonitor monitor;
    private final DependencyMonitor dependencies;
    private volatile Scheduler scheduler;
    private volatile boolean shutdownStarted;

    private ConsumerWorker(String workerId, ConsumerConfig config, AwsClients aws, DynamoDbStreamsSource tableStream,
            OpenSearchSink sink, ShardRecordProcessorFactory processors, WorkerMonitor monitor,
            DependencyMonitor dependencies) {
        this.workerId = workerId;
        this.config = config;
        this.aws = aws;
        this.tableStream = tableStream;
        this.sink = sink;
        this.processors = processors;
        this.stats = sink.counters();
        this.monitor = monitor;
        this.dependencies = dependencies;
        this.schedulerThread = new Thread(this::runSchedulers, "kcl-scheduler-" + workerId);
        this.statsLogger = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "stats-" + workerId);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Builds the worker from {@code config}, sets up the index (see {@link OpenSearchSink#prepare}) and
     * starts reading in a background thread.
     *
     * @param config the worker's configuration
     * @return the running worker, to {@linkplain #shutdown shut down}
     * @throws io.kinesisopensearch.config.ConfigException if OpenSearch refuses the index template or
     *         settings, or the metrics port cannot be listened on
     */
    public static ConsumerWorker start(ConsumerConfig config) {
        String workerId = hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
        KinesisSourceConfig source = config.source();
        OpenSearchSink sink = OpenSearchSink.builder().openSearch(config.openSearch()).bulk(config.bulk())
                .deadLetters(config.deadLetters()).aws(config.aws()).build();
        try {
            // Before anything else starts: a refused template or index stops the worker right here.
            for (SourceStream stream : config.streams()) {
                sink.prepare(stream.indexBootstrap());
            }
        } catch (RuntimeException e) {
            sink.close();
            throw e;
        }
        WorkerMonitor monitor = new WorkerMonitor(source.applicationName(), workerId, config.metrics(), sink.counters(),
                source.failoverTime());
        AwsClients aws = AwsClients.create(config.aws(), source.retrieval(),
                new KclTableCalls(monitor.metrics().registry(), source.applicationName()));
        Optional<Duration> retention = config.metrics().watch().retention();
        OpenSearchRecordProcessorFactory.Builder processors = OpenSearchRecordProcessorFactory.builder()
                .sink(sink).pacing(config.pacing()).metrics(monitor.metrics())
                .retention(config.dynamoDbStreams().isPresent() ? StreamRetention.dynamoDbStreams(retention)
                        : StreamRetention.kinesis(retention, aws.kinesis()));
        for (SourceStream stream : config.streams()) {
            processors.stream(stream.name(), stream.mapping());
            LOG.info("Worker {} reading stream {} (application {}) into {} index {}; dead letters to {}", workerId,
                    stream.name(), source.applicationName(), config.openSearch().url(), stream.mapping().index(),
                    sink.deadLetters().describe());
        }
        DynamoDbStreamsSource tableStream = config.dynamoDbStreams()
                .map(table -> DynamoDbStreamsSource.create(table, config.aws())).orElse(null);
        CheckClients checks = new CheckClients(config.aws());
        DependencyMonitor dependencies = DependencyMonitor.start(dependencies(config, checks, tableStream, sink),
                config.dependencies(), checks);
        monitor.readiness().explainWith(dependencies::waitingFor, dependencies::unreachable);
        ConsumerWorker worker = new ConsumerWorker(workerId, config, aws, tableStream, sink,
                tableStream == null ? processors.build() : processors.buildForDynamoDbStreams(), monitor, dependencies);
        // Served before KCL starts, so that a port already taken stops the worker before it reads.
        try {
            monitor.serve(worker.schedulerThread::isAlive);
        } catch (RuntimeException e) {
            monitor.close();
            worker.closeClients();
            throw e;
        }
        worker.schedulerThread.start();
        long every = config.statsInterval().toMillis();
        worker.statsLogger.scheduleAtFixedRate(() -> LOG.info("Worker {}: {}", workerId, sink.counters().snapshot()),
                every, every, TimeUnit.MILLISECONDS);
        return worker;
    }

    /**
     * The worker's id in the lease table.
     *
     * @return the host name and a random suffix
     */
    public String workerId() {
        return workerId;
    }

    /**
     * The port of {@code /metrics}, {@code /health} and {@code /ready}.
     *
     * @return the port, the one taken for {@code metrics.port=0} included; empty when they are disabled
     */
    public OptionalInt metricsPort() {
        return monitor.port();
    }

    /**
     * Runs KCL schedulers one after the other until {@link #shutdown}. KCL stops a scheduler on its
     * own when it cannot initialise; KCL 3.5.1 does so for good when workers of a new application
     * start at the same moment and race to create its migration state. A fresh scheduler finds the
     * state in place and starts, so the worker carries on instead of waiting for its container to
     * be restarted.
     */
    private void runSchedulers() {
        for (int run = 1; run <= MAX_SCHEDULERS && !shutdownStarted; run++) {
            Scheduler current;
            try {
                // KCL starts once the stream and the lease table answer: started without them, it fails
                // its initialisation over and over, loudly, and gives up after a few attempts.
                if (!dependencies.awaitNeededToRead(() -> shutdownStarted)) {
                    return;
                }
                current = newScheduler();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            synchronized (this) {
                if (current == null || shutdownStarted) {
                    return;
                }
                scheduler = current;
            }
            current.run();
            if (!shutdownStarted) {
                LOG.warn("Worker {}: the KCL scheduler stopped on its own (run {} of {}); starting a new one",
                        workerId, run, MAX_SCHEDULERS);
                try {
                    Thread.sleep(config.bulk().retry().delay(run).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** A scheduler for the worker's streams, or null when the worker was shut down while describing them. */
    private Scheduler newScheduler() throws InterruptedException {
        KinesisSourceConfig source = config.source();
        StreamTracker streams = tableStream == null
                ? StreamTrackers.create(config, aws.kinesis(), initialPosition(source), config.bulk().retry(),
                        () -> shutdownStarted)
                : tableStream.tracker(aws.dynamoDb(), initialPosition(source), config.bulk().retry(),
                        () -> shutdownStarted);
        if (streams == null) {
            return null;
        }
        ConfigsBuilder configs = new ConfigsBuilder(
                streams,
                source.applicationName(),
                tableStream == null ? aws.kinesis() : tableStream.kinesis(),
                aws.dynamoDb(),
                aws.cloudWatch(),
                workerId,
                processors);
        CoordinatorConfig coordinator = configs.coordinatorConfig().maxInitializationAttempts(INITIALIZATION_ATTEMPTS)
                .shardConsumerDispatchPollIntervalMillis(source.dispatchInterval().toMillis())
                .workerStateChangeListener(monitor.readiness());
        LeaseManagementConfig lease = leaseManagement(configs, source);
        if (tableStream == null && !config.multiStream()) {
            // A new application's table and leases before KCL: no 10 s index poll, no 1-30 s wait on an empty table.
            LeaseTableBootstrap.prepare(lease, aws.kinesis(), config.streams().get(0).name(), initialPosition(source),
                    () -> shutdownStarted);
        }
        if (tableStream != null) {
            return tableStream.scheduler(configs.checkpointConfig(), coordinator, lease,
                    configs.lifecycleConfig(), metrics(configs, source), processor(configs), configs.retrievalConfig(),
                    source.pollingIdleTime());
        }
        return new Scheduler(
                configs.checkpointConfig(),
                coordinator,
                lease,
                configs.lifecycleConfig(),
                metrics(configs, source),
                processor(configs),
                retrieval(configs, config, aws));
    }

    /**
     * What the worker did so far.
     *
     * @return the live counters of its sink, shared by all its shards
     */
    public WriteCounters stats() {
        return stats;
    }

    /**
     * Stops gracefully: every shard processor is told to shut down, flushes and checkpoints, then the
     * leases are given up ({@link LeaseHandover}). After a timeout KCL is stopped at once; the
     * clients are closed either way.
     *
     * @param timeout how long the graceful part may take
     * @return whether it finished within {@code timeout}
     */
    public boolean shutdown(Duration timeout) {
        Scheduler scheduler;
        synchronized (this) {
            shutdownStarted = true;
            scheduler = this.scheduler;
        }
        monitor.shutdownStarted();
        LOG.info("Worker {} shutting down", workerId);
        if (scheduler == null) {
            monitor.close();
            closeClients();
            return true;
        }
        boolean graceful;
        try {
            graceful = scheduler.startGracefulShutdown().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            graceful = false;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Worker {}: graceful shutdown did not complete: {}", workerId, e.toString());
            graceful = false;
        }
        if (!graceful) {
            scheduler.shutdown();
        }
        try {
            schedulerThread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (graceful) {
            LeaseHandover.giveUp(scheduler.leaseCoordinator().leaseRefresher(), workerId);
        }
        statsLogger.shutdownNow();
        monitor.close();
        closeClients();
        LOG.info("Worker {} stopped ({}): {}", workerId, graceful ? "graceful" : "forced", stats.snapshot());
        return graceful;
    }

    /**
     * Waits until the worker stops: after {@link #shutdown}, or when KCL gave up again and again
     * (it could not initialise, say), which {@link #shutdownStarted()} tells apart.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public void awaitTermination() throws InterruptedException {
        schedulerThread.join();
    }

    /**
     * Whether {@link #shutdown} was called.
     *
     * @return true once it was
     */
    public boolean shutdownStarted() {
        return shutdownStarted;
    }

    /** {@link #shutdown(Duration) Shuts down}, allowing 30 s for the graceful part. */
    @Override
    public void close() {
        shutdown(Duration.ofSeconds(30));
    }

    private void closeClients() {
        dependencies.close();
        aws.close();
        if (tableStream != null) {
            tableStream.close();
        }
        sink.close();
    }

    /**
     * What the worker needs, each with where it is and a cheap call through {@code checks} (one
     * attempt, no retries): the streams (or the table's stream) and the lease table, which KCL needs
     * to start; OpenSearch; an S3 dead-letter bucket.
     */
    private static List<Dependency> dependencies(ConsumerConfig config, CheckClients checks,
            DynamoDbStreamsSource tableStream, OpenSearchSink sink) {
        List<Dependency> dependencies = new ArrayList<>();
        if (tableStream == null) {
            String kinesis = checks.endpoint(config.aws().kinesis(), "kinesis");
            for (SourceStream stream : config.streams()) {
                dependencies.add(new Dependency("Kinesis stream " + stream.name(), kinesis, true,
                        () -> checks.kinesis().describeStreamSummary(request -> request.streamName(stream.name()))));
            }
        } else {
            dependencies.add(new Dependency("DynamoDB Streams of table " + config.streams().get(0).name(),
                    tableStream.endpoint(), true, tableStream::check));
        }
        String table = config.source().applicationName();
        dependencies.add(new Dependency("DynamoDB lease table " + table, checks.endpoint(config.aws().dynamoDb(), "dynamodb"),
                true, () -> {
                    try {
                        checks.dynamoDb().describeTable(request -> request.tableName(table));
                    } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException notYet) {
                        // A table not made yet is the worker's (or KCL's) to create: DynamoDB answered.
                    }
                }));
        dependencies.add(new Dependency("OpenSearch", config.openSearch().url().toString(), false, () -> {
            // Any answer will do: refusals (credentials, blocks) are the bulk writer's to hold and report.
            try (var response = sink.client().generic().execute(
                    org.opensearch.client.opensearch.generic.Requests.builder().method("GET").endpoint("/").build())) {
                response.getStatus();
            }
        }));
        config.deadLetters().bucket().ifPresent(bucket -> dependencies.add(new Dependency("dead-letter bucket " + bucket,
                checks.endpoint(config.aws().s3(), "s3"), false, () -> checks.s3().headBucket(request -> request.bucket(bucket)))));
        return dependencies;
    }

    private static InitialPositionInStreamExtended initialPosition(KinesisSourceConfig source) {
        return switch (source.initialPosition()) {
            case TRIM_HORIZON -> InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON);
            case LATEST -> InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.LATEST);
            case AT_TIMESTAMP -> InitialPositionInStreamExtended.newInitialPositionAtTimestamp(
                    Date.from(source.initialTimestamp().orElseThrow()));
        };
    }

    private static LeaseManagementConfig leaseManagement(ConfigsBuilder configs, KinesisSourceConfig source) {
        LeaseManagementConfig lease = configs.leaseManagementConfig()
                .failoverTimeMillis(source.failoverTime().toMillis())
                .shardSyncIntervalMillis(source.shardSyncInterval().toMillis())
                .leaseAssignmentIntervalMillis(source.assignmentInterval().toMillis())
                .dynamoDbLockBasedLeaderLeaseDurationInMillis(source.leaderLock().toMillis())
                .dynamoDbLockBasedLeaderHeartbeatPeriodInMillis(source.leaderHeartbeat().toMillis())
                // When the leader moves a lease (rebalancing), the old owner's processor is asked to
                // shut down, flushes and checkpoints, and only then is the lease given over: the new
                // owner reads on from there instead of re-reading. KCL's default, stated on purpose.
                .gracefulLeaseHandoffConfig(LeaseManagementConfig.GracefulLeaseHandoffConfig.builder()
                        .isGracefulLeaseHandoffEnabled(true)
                        .gracefulLeaseHandoffTimeoutMillis(GRACEFUL_HANDOFF_TIMEOUT.toMillis())
                        .build());
        lease.workerUtilizationAwareAssignmentConfig().workerMetricsReporterFreqInMillis(source.workerReport().toMillis())
                // KCL writes a worker's first report two captures after it starts, and the leader gives
                // leases only to workers that reported: captured every quarter of the assignment interval
                // (at most KCL's 1 s), the first report is in before the leader's second run.
                .inMemoryWorkerMetricsCaptureFrequencyMillis(Math.min(1_000L,
                        Math.min(source.assignmentInterval().toMillis(), source.workerReport().toMillis()) / 4));
        if (source.leaseAssignment() == KinesisSourceConfig.LeaseAssignment.LEASE_COUNT_BASED) {
            lease.leaseAssignmentStrategy(LeaseAssignmentStrategy.LEASE_COUNT_BASED);
            // Utilisation metrics only feed the utilisation-aware strategy.
            lease.workerUtilizationAwareAssignmentConfig().disableWorkerMetrics(true);
        }
        return lease;
    }

    private static MetricsConfig metrics(ConfigsBuilder configs, KinesisSourceConfig source) {
        MetricsConfig metrics = configs.metricsConfig();
        return switch (source.metricsLevel()) {
            case NONE -> metrics.metricsLevel(MetricsLevel.NONE).metricsFactory(new NullMetricsFactory());
            case SUMMARY -> metrics.metricsLevel(MetricsLevel.SUMMARY);
            case DETAILED -> metrics.metricsLevel(MetricsLevel.DETAILED);
        };
    }

    private static ProcessorConfig processor(ConfigsBuilder configs) {
        return OpenSearchRecordProcessorFactory.processorConfig(configs);
    }

    private static RetrievalConfig retrieval(ConfigsBuilder configs, ConsumerConfig config, AwsClients aws) {
        RetrievalConfig retrieval = configs.retrievalConfig();
        KinesisSourceConfig source = config.source();
        if (source.retrieval() == KinesisSourceConfig.Retrieval.POLLING) {
            // In multi-stream mode KCL names each shard's stream; a stream name here is single-stream only.
            PollingConfig polling = config.multiStream()
                    ? new PollingConfig(aws.kinesis())
                    : new PollingConfig(config.streams().get(0).name(), aws.kinesis());
            // What a shard may hold in memory ahead of its processor: see kinesis.max-prefetch-bytes.
            polling.recordsFetcherFactory().maxByteSize(source.maxPrefetchBytes());
            retrieval.retrievalSpecificConfig(polling.idleTimeBetweenReadsInMillis(source.pollingIdleTime().toMillis())
                    .maxRecords(source.maxRecordsPerFetch())
                    .maxPendingProcessRecordsInput(source.maxPendingFetches()));
        }
        return retrieval;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "worker";
        }
    }
}
