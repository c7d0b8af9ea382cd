package io.kinesisopensearch.consumer;

import com.amazonaws.services.dynamodbv2.streamsadapter.AmazonDynamoDBStreamsAdapterClient;
import com.amazonaws.services.dynamodbv2.streamsadapter.DynamoDBStreamsConsumerTaskFactory;
import com.amazonaws.services.dynamodbv2.streamsadapter.DynamoDBStreamsDataFetcher;
import com.amazonaws.services.dynamodbv2.streamsadapter.DynamoDBStreamsLeaseManagementFactory;
import com.amazonaws.services.dynamodbv2.streamsadapter.DynamoDBStreamsSleepTimeController;
import com.amazonaws.services.dynamodbv2.streamsadapter.StreamsSchedulerFactory;
import com.amazonaws.services.dynamodbv2.streamsadapter.polling.DynamoDBStreamsPollingConfig;
import io.kinesisopensearch.retry.RetryPolicy;
import io.kinesisopensearch.sink.aws.AwsClientConfig;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClientBuilder;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.kinesis.checkpoint.CheckpointConfig;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.common.StreamConfig;
import software.amazon.kinesis.coordinator.CoordinatorConfig;
import software.amazon.kinesis.coordinator.DeletedStreamListProvider;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.coordinator.StreamInfoManager;
import software.amazon.kinesis.coordinator.streamInfo.StreamInfoMode;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.leases.ShardSyncTaskManager;
import software.amazon.kinesis.lifecycle.LifecycleConfig;
import software.amazon.kinesis.metrics.MetricsConfig;
import software.amazon.kinesis.metrics.MetricsFactory;
import software.amazon.kinesis.processor.ProcessorConfig;
import software.amazon.kinesis.processor.StreamTracker;
import software.amazon.kinesis.retrieval.RetrievalConfig;

/**
 * Reads a table's own DynamoDB Stream through KCL and AWS's DynamoDB Streams Kinesis adapter
 * 2.0.1 (the newest on Maven Central), which presents the stream to KCL as a Kinesis stream.
 *
 * <p>The scheduler is built here rather than with the adapter's {@code StreamsSchedulerFactory},
 * repeating its steps (the adapter's data fetcher, sleep-time controller, lease management and
 * task factories; no shard sync at start-up while leases exist; no recovery auditor), because the
 * lease management factory needs one override: KCL 3.4+ creates the shard-sync task manager through
 * a four-argument method that 2.0.1 does not override, so KCL's own syncer would ask the adapter
 * for a filtered shard list it cannot give ({@code listShardsWithFilter not available}) and the
 * worker would never read. {@link LeaseFactory} sends that call to the adapter's syncer.
 */
final class DynamoDbStreamsSource implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbStreamsSource.class);

    private final DynamoDbStreamsConfig config;
    private final DynamoDbStreamsClient streams;
    private volatile AmazonDynamoDBStreamsAdapterClient adapter;
    private volatile String streamArn;

    private DynamoDbStreamsSource(DynamoDbStreamsConfig config, DynamoDbStreamsClient streams) {
        this.config = config;
        this.streams = streams;
    }

    /** A cheap call to DynamoDB Streams: throws when its endpoint cannot be reached. */
    void check() {
        streams.listStreams(request -> request.limit(1));
    }

    /** The DynamoDB Streams endpoint, for log lines. */
    String endpoint() {
        return streams.serviceClientConfiguration().endpointOverride().map(Object::toString)
                .orElse("https://streams.dynamodb." + streams.serviceClientConfiguration().region() + ".amazonaws.com");
    }

    static DynamoDbStreamsSource create(DynamoDbStreamsConfig config, AwsClientConfig aws) {
        DynamoDbStreamsClientBuilder builder = DynamoDbStreamsClient.builder()
                .credentialsProvider(aws.credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        aws.region().ifPresent(builder::region);
        aws.dynamoDbStreams().ifPresent(builder::endpointOverride);
        return new DynamoDbStreamsSource(config, builder.build());
    }

    /**
     * The tracker of the table's stream: the configured ARN, or the table's latest stream. While
     * DescribeTable fails (no such table, no stream on it, no access, no network) it is retried and
     * logged, until it succeeds or {@code stopping} says the worker is shutting down (then null).
     */
    StreamTracker tracker(DynamoDbAsyncClient dynamoDb, InitialPositionInStreamExtended position, RetryPolicy retry,
            BooleanSupplier stopping) throws InterruptedException {
        if (streamArn == null) {
            String arn = config.streamArn().isPresent() ? config.streamArn().get() : latestStream(dynamoDb, retry, stopping);
            if (arn == null) {
                return null;
            }
            connect(arn);
        }
        return StreamsSchedulerFactory.createSingleStreamTracker(streamArn, position);
    }

    /** The adapter, KCL's "Kinesis" client; there after {@link #tracker} returned a tracker. */
    KinesisAsyncClient kinesis() {
        return adapter;
    }

    private void connect(String arn) {
        adapter = new AmazonDynamoDBStreamsAdapterClient(streams, Region.of(DynamoDbStreamsConfig.region(arn)));
        streamArn = arn;
        LOG.info("Reading DynamoDB stream {} of table {}", arn, config.table());
    }

    private String latestStream(DynamoDbAsyncClient dynamoDb, RetryPolicy retry, BooleanSupplier stopping)
            throws InterruptedException {
        for (int attempt = 0; !stopping.getAsBoolean(); attempt++) {
            String problem;
            try {
                String arn = dynamoDb.describeTable(request -> request.tableName(config.table())).join().table()
                        .latestStreamArn();
                if (arn != null) {
                    return arn;
                }
                problem = "the table has no stream; enable one with NEW_IMAGE or NEW_AND_OLD_IMAGES";
            } catch (RuntimeException e) {
                problem = e.getCause() == null ? e.toString() : e.getCause().toString();
            }
            LOG.error("Cannot find the stream of table {} (attempt {}), will retry: {}", config.table(), attempt + 1,
                    problem);
            Thread.sleep(retry.delay(attempt).toMillis());
        }
        return null;
    }

    /** The scheduler, from the worker's KCL configuration with what the adapter needs set on it. */
    Scheduler scheduler(CheckpointConfig checkpoint, CoordinatorConfig coordinator, LeaseManagementConfig lease,
            LifecycleConfig lifecycle, MetricsConfig metrics, ProcessorConfig processor, RetrievalConfig retrieval,
            Duration pollingIdleTime) {
        AmazonDynamoDBStreamsAdapterClient client = adapter;
        // DynamoDB Streams has no enhanced fan-out: always polled, through the adapter's fetcher.
        DynamoDBStreamsPollingConfig polling = new DynamoDBStreamsPollingConfig(client);
        polling.idleTimeBetweenReadsInMillis(pollingIdleTime.toMillis());
        polling.dataFetcherProvider(fetcher -> new DynamoDBStreamsDataFetcher(client, fetcher));
        polling.sleepTimeController(new DynamoDBStreamsSleepTimeController());
        retrieval.retrievalSpecificConfig(polling);
        coordinator.skipShardSyncAtWorkerInitializationIfLeasesExist(true);
        // The adapter syncs shards itself, tracks no holes and has no stream info to keep (2.1.2+ sets the same).
        lease.shardSyncIntervalMillis(0)
                .leasesRecoveryAuditorInconsistencyConfidenceThreshold(0)
                .streamInfoMode(StreamInfoMode.DISABLED)
                .consumerTaskFactory(new DynamoDBStreamsConsumerTaskFactory());
        lease.leaseManagementFactory(new LeaseFactory(client, lease, retrieval));
        return new Scheduler(checkpoint, coordinator, lease, lifecycle, metrics, processor, retrieval);
    }

    @Override
    public void close() {
        if (adapter != null) {
            adapter.close();
        }
        streams.close();
    }

    /** The adapter's lease management, with KCL 3.4+'s shard-sync entry point sent to the adapter's syncer. */
    static final class LeaseFactory extends DynamoDBStreamsLeaseManagementFactory {

        LeaseFactory(KinesisAsyncClient adapter, LeaseManagementConfig lease, RetrievalConfig retrieval) {
            super(adapter, lease, retrieval);
        }

        @Override
        public ShardSyncTaskManager createShardSyncTaskManager(MetricsFactory metrics, StreamConfig stream,
                DeletedStreamListProvider deletedStreams, StreamInfoManager streamInfo) {
            return createShardSyncTaskManager(metrics, stream, deletedStreams);
        }
    }
}
