package io.kinesisopensearch.localstack;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.localstack.dynamodbstreams.DynamoDbStreamsStandIn;
import io.kinesisopensearch.localstack.rekognition.RekognitionStandIn;
import io.kinesisopensearch.sink.client.OpenSearchClients;
import io.kinesisopensearch.sink.client.OpenSearchConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClientBuilder;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Kinesis, DynamoDB and OpenSearch for tests and local runs, without Docker: the kinesis-mock
 * emulator, dynalite behind the {@link DynamoDbStreamsStandIn} (dynalite has no DynamoDB Streams
 * API; the stand-in adds it on the same endpoint) and a real OpenSearch node, each on a free port
 * with its log under {@code target/localstack}.
 *
 * <p>Where the environment already names an endpoint ({@code AWS_ENDPOINT_URL_KINESIS},
 * {@code AWS_ENDPOINT_URL_DYNAMODB}, {@code AWS_ENDPOINT_URL} for both, {@code OPENSEARCH_URL}),
 * that endpoint is used and nothing is started for it: this is how a LocalStack container or a
 * real account is used instead. S3 (S3Mock) and SQS (ElasticMQ) start only when a test first asks
 * for {@link #s3Endpoint()} or {@link #sqsEndpoint()}, and the Rekognition stand-in when one
 * asks for {@link #rekognitionEndpoint()}, unless {@code AWS_ENDPOINT_URL_S3},
 * {@code AWS_ENDPOINT_URL_SQS} or {@code AWS_ENDPOINT_URL_REKOGNITION} names one.
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.start()) {
 *     stack.kinesis().createStream(...);
 *     ConsumerWorker.start(ConsumerConfig.from(Settings.of(stack.workerSettings(...))));
 * }
 * }</pre>
 */
public final class LocalStack implements AutoCloseable {

    /**
     * KCL settings that make a worker take its leases within seconds on the local stack (what each
     * KCL delay costs is in consumer/README.md, "Start-up, deploys and crashes"): quick failover,
     * replacement of a dead leader or worker and shard sync, lease-count assignment, polling.
     * Keyed by environment name, so they serve an embedded worker and a worker process alike.
     */
    public static final Map<String, String> FAST_KCL = Map.of(
            "KCL_FAILOVER_TIME", "2s",
            "KCL_LEADER_LOCK", "10s",
            "KCL_LEADER_HEARTBEAT", "2s",
            "KCL_WORKER_REPORT_INTERVAL", "3s",
            "KCL_SHARD_SYNC_INTERVAL", "1s",
            "KCL_LEASE_ASSIGNMENT", "LEASE_COUNT_BASED",
            "KINESIS_RETRIEVAL", "POLLING",
            "KINESIS_POLLING_IDLE_TIME", "200ms");

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    private static final Duration EMULATOR_READ_TIMEOUT = Duration.ofMinutes(2);

    private final URI kinesisEndpoint;
    private final URI dynamoDbEndpoint;
    private final Optional<DynamoDbStreamsStandIn> dynamoDbStreams;
    private final URI openSearchEndpoint;
    private final Optional<OpenSearchNode> openSearchNode;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final boolean localCredentials;
    private final Path workDir;
    private final Deque<AutoCloseable> started;
    private final Thread shutdownHook;
    private final Map<String, String> environment;
    private URI s3Endpoint;
    private URI sqsEndpoint;
    private URI rekognitionEndpoint;
    private RekognitionStandIn rekognitionStandIn;
    private KinesisClient kinesis;
    private DynamoDbClient dynamoDb;
    private OpenSearchClient openSearch;

    private LocalStack(URI kinesisEndpoint, URI dynamoDbEndpoint, Optional<DynamoDbStreamsStandIn> dynamoDbStreams,
            URI openSearchEndpoint, Optional<OpenSearchNode> openSearchNode, Region region, boolean localCredentials, Path workDir,
            Deque<AutoCloseable> started, Map<String, String> environment) {
        this.kinesisEndpoint = kinesisEndpoint;
        this.dynamoDbEndpoint = dynamoDbEndpoint;
        this.dynamoDbStreams = dynamoDbStreams;
        this.openSearchEndpoint = openSearchEndpoint;
        this.openSearchNode = openSearchNode;
        this.region = region;
        this.localCredentials = localCredentials;
        this.credentials = localCredentials
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
                : DefaultCredentialsProvider.builder().build();
        this.workDir = workDir;
        this.started = started;
        this.environment = environment;
        this.shutdownHook = new Thread(this::stopServices, "localstack-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts what the environment does not already provide, each service in parallel with the others. */
    public static LocalStack start() {
        return start(System.getenv());
    }

    static LocalStack start(Map<String, String> environment) {
        Path workDir = BuildLayout.workDir();
        Optional<URI> kinesisFromEnv = endpointFromEnvironment(environment, "AWS_ENDPOINT_URL_KINESIS");
        Optional<URI> dynamoFromEnv = endpointFromEnvironment(environment, "AWS_ENDPOINT_URL_DYNAMODB");
        Optional<URI> openSearchFromEnv = Optional.ofNullable(environment.get("OPENSEARCH_URL"))
                .filter(url -> !url.isBlank()).map(URI::create);
        Deque<AutoCloseable> started = new ArrayDeque<>();
        long begin = System.nanoTime();
        try {
            // OpenSearch takes the longest; start it first and the others while it boots.
            CompletableFuture<Optional<OpenSearchNode>> node = openSearchFromEnv.isPresent()
                    ? CompletableFuture.completedFuture(Optional.empty())
                    : CompletableFuture.supplyAsync(() -> Optional.of(
                            OpenSearchNode.start(BuildLayout.openSearchHome(), workDir, Map.of())));
            URI kinesisEndpoint = kinesisFromEnv.orElseGet(() -> {
                KinesisMock mock = startKinesisMock(workDir);
                started.push(mock);
                return mock.endpoint();
            });
            Region region = Region.of(environment.getOrDefault("AWS_REGION", "us-east-1"));
            Optional<DynamoDbStreamsStandIn> streams = dynamoFromEnv.isPresent() ? Optional.empty()
                    : Optional.of(startDynamoDb(workDir, region, started));
            URI dynamoEndpoint = dynamoFromEnv.orElseGet(() -> streams.orElseThrow().endpoint());
            Optional<OpenSearchNode> openSearchNode = joinStartup(node);
            openSearchNode.ifPresent(started::push);
            URI openSearchEndpoint = openSearchFromEnv.orElseGet(() -> openSearchNode.orElseThrow().endpoint());
            boolean localCredentials = kinesisFromEnv.isEmpty() || dynamoFromEnv.isEmpty()
                    || !environment.containsKey("AWS_ACCESS_KEY_ID") && !environment.containsKey("AWS_PROFILE");
            LocalStack stack = new LocalStack(kinesisEndpoint, dynamoEndpoint, streams, openSearchEndpoint,
                    openSearchNode, region, localCredentials, workDir, started, environment);
            LOG.info("Local stack ready in {} ms: Kinesis {}, DynamoDB {}, OpenSearch {} (logs in {})",
                    (System.nanoTime() - begin) / 1_000_000, kinesisEndpoint, dynamoEndpoint, openSearchEndpoint,
                    workDir);
            return stack;
        } catch (RuntimeException e) {
            closeAll(started);
            throw e;
        }
    }

    public URI kinesisEndpoint() {
        return kinesisEndpoint;
    }

    /**
     * DynamoDB's endpoint, for the DynamoDB Streams API too: the stand-in in front of dynalite, or
     * {@code AWS_ENDPOINT_URL_DYNAMODB} from the environment.
     */
    public URI dynamoDbEndpoint() {
        return dynamoDbEndpoint;
    }

    /**
     * The DynamoDB Streams stand-in this stack started, to set its rollover interval, retention and
     * iterator lifetime (and {@link DynamoDbStreamsStandIn#resetTiming} them after); empty when
     * DynamoDB came from the environment.
     */
    public Optional<DynamoDbStreamsStandIn> dynamoDbStreams() {
        return dynamoDbStreams;
    }

    /** The DynamoDB Streams endpoint: the stand-in's, else {@code AWS_ENDPOINT_URL_DYNAMODB_STREAMS} from the environment. */
    public Optional<URI> dynamoDbStreamsEndpoint() {
        return dynamoDbStreams.map(DynamoDbStreamsStandIn::endpoint)
                .or(() -> endpointFromEnvironment(environment, "AWS_ENDPOINT_URL_DYNAMODB_STREAMS"));
    }

    public URI openSearchEndpoint() {
        return openSearchEndpoint;
    }

    public Region region() {
        return region;
    }

    /**
     * The OpenSearch server's version, such as {@code 2.19.6} or {@code 3.6.0}: the node's this stack
     * started ({@link BuildLayout#OPENSEARCH_VERSION} chooses), else what the cluster answers.
     */
    public String openSearchVersion() {
        return openSearchNode.map(OpenSearchNode::version).orElseGet(() -> {
            try {
                return openSearch().info().version().number();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot ask " + openSearchEndpoint + " for its version", e);
            }
        });
    }

    /** The OpenSearch node this stack started, to stop and start it again; empty when it came from the environment. */
    public Optional<OpenSearchNode> openSearchNode() {
        return openSearchNode;
    }

    /** Where the services' logs and data are. */
    public Path workDir() {
        return workDir;
    }

    /**
     * An S3 endpoint: {@code AWS_ENDPOINT_URL_S3} (or {@code AWS_ENDPOINT_URL}) from the environment,
     * else S3Mock, started on first use and stopped with the stack. Once started, it is part of
     * {@link #workerSettings()}.
     */
    public synchronized URI s3Endpoint() {
        if (s3Endpoint == null) {
            s3Endpoint = endpointFromEnvironment(environment, "AWS_ENDPOINT_URL_S3").orElseGet(() -> {
                try {
                    S3Mock mock = S3Mock.start(BuildLayout.s3MockJar(), workDir);
                    started.push(mock);
                    return mock.endpoint();
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot start S3Mock", e);
                }
            });
        }
        return s3Endpoint;
    }

    /** An S3 client for {@link #s3Endpoint()}, path-style as emulators need; the caller closes it. */
    public S3Client s3() {
        return S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(s3Endpoint())
                .forcePathStyle(true)
                .region(region)
                .credentialsProvider(credentials)
                .build();
    }

    /**
     * An SQS endpoint: {@code AWS_ENDPOINT_URL_SQS} (or {@code AWS_ENDPOINT_URL}) from the environment,
     * else ElasticMQ, started in this JVM on first use and stopped with the stack. Once started, it is
     * part of {@link #workerSettings()}.
     */
    public synchronized URI sqsEndpoint() {
        if (sqsEndpoint == null) {
            sqsEndpoint = endpointFromEnvironment(environment, "AWS_ENDPOINT_URL_SQS").orElseGet(() -> {
                ElasticMq elasticMq = ElasticMq.start(region.id());
                started.push(elasticMq);
                return elasticMq.endpoint();
            });
        }
        return sqsEndpoint;
    }

    /** An SQS client for {@link #sqsEndpoint()}; the caller closes it. */
    public SqsClient sqs() {
        return SqsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(sqsEndpoint())
                .region(region)
                .credentialsProvider(credentials)
                .build();
    }

    /**
     * A Rekognition endpoint: {@code AWS_ENDPOINT_URL_REKOGNITION} (or {@code AWS_ENDPOINT_URL}) from
     * the environment, else the {@link RekognitionStandIn}, started on first use with the sample
     * images' labels, reading images from {@link #s3Endpoint()} (which it starts), and stopped with
     * the stack. Once started, it is part of {@link #workerSettings()}.
     */
    public synchronized URI rekognitionEndpoint() {
        if (rekognitionEndpoint == null) {
            rekognitionEndpoint = endpointFromEnvironment(environment, "AWS_ENDPOINT_URL_REKOGNITION").orElseGet(() -> {
                RekognitionStandIn standIn = RekognitionStandIn.start(s3Endpoint(), region, credentials);
                started.push(standIn);
                rekognitionStandIn = standIn;
                return standIn.endpoint();
            });
        }
        return rekognitionEndpoint;
    }

    /**
     * The Rekognition stand-in, started if need be, to throttle it or read its counts; empty when
     * the environment names a Rekognition endpoint.
     */
    public synchronized Optional<RekognitionStandIn> rekognitionStandIn() {
        rekognitionEndpoint();
        return Optional.ofNullable(rekognitionStandIn);
    }

    /**
     * Starts one more OpenSearch node, stopped with the stack; {@code settings} are node settings on
     * top of the single-node defaults (a tiny write queue, say).
     */
    public synchronized OpenSearchNode startOpenSearchNode(Map<String, String> settings) {
        OpenSearchNode node = OpenSearchNode.start(BuildLayout.openSearchHome(), workDir, settings);
        started.push(node);
        return node;
    }

    /**
     * The settings that point a worker at this stack: region, endpoints, credentials and the
     * OpenSearch URL, under their environment names, ready for {@link Settings#of} or a process
     * environment. Callers add the stream, application name, index and any tuning.
     */
    public Map<String, String> workerSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("AWS_REGION", region.id());
        settings.put("AWS_ENDPOINT_URL_KINESIS", kinesisEndpoint.toString());
        settings.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDbEndpoint.toString());
        dynamoDbStreamsEndpoint().ifPresent(endpoint -> settings.put("AWS_ENDPOINT_URL_DYNAMODB_STREAMS",
                endpoint.toString()));
        if (localCredentials) {
            settings.put("AWS_ACCESS_KEY_ID", "local");
            settings.put("AWS_SECRET_ACCESS_KEY", "local");
        }
        settings.put("OPENSEARCH_URL", openSearchEndpoint.toString());
        synchronized (this) {
            if (s3Endpoint != null) {
                settings.put("AWS_ENDPOINT_URL_S3", s3Endpoint.toString());
            }
            if (sqsEndpoint != null) {
                settings.put("AWS_ENDPOINT_URL_SQS", sqsEndpoint.toString());
            }
            if (rekognitionEndpoint != null) {
                settings.put("AWS_ENDPOINT_URL_REKOGNITION", rekognitionEndpoint.toString());
            }
        }
        return settings;
    }

    /** Creates a stream with {@code shards} shards and waits until it is active. */
    public void createStream(String name, int shards) {
        try {
            kinesis().createStream(request -> request.streamName(name).shardCount(shards));
        } catch (ResourceInUseException alreadyThere) {
            // A first attempt that timed out on a loaded machine may have created it.
            LOG.info("Stream {} exists already: {}", name, alreadyThere.getMessage());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (kinesis().describeStreamSummary(request -> request.streamName(name))
                .streamDescriptionSummary().streamStatus() != StreamStatus.ACTIVE) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Stream " + name + " did not become active within 60 s");
            }
            sleep(Duration.ofMillis(100));
        }
    }

    /** KCL's lease table of {@code applicationName}: to prepare before a worker starts, and to read checkpoints from. */
    public LeaseTable leaseTable(String applicationName) {
        return new LeaseTable(dynamoDb(), kinesis(), applicationName);
    }

    /** How many documents of {@code index} a search sees now (after a refresh); 0 while the index does not exist. */
    public long searchableDocuments(String index) {
        return Indexes.searchableDocuments(openSearch(), index);
    }

    /** A Kinesis client for this stack; owned by the stack. */
    public synchronized KinesisClient kinesis() {
        if (kinesis == null) {
            kinesis = KinesisClient.builder()
                    // kinesis-mock's PutRecords slows down as a shard fills, and more on a loaded
                    // machine: a slow answer from the local emulator is not a lost connection, and
                    // a put sent again after a timeout would put its records twice.
                    .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(EMULATOR_READ_TIMEOUT))
                    .endpointOverride(kinesisEndpoint)
                    .region(region)
                    .credentialsProvider(credentials)
                    .build();
        }
        return kinesis;
    }

    /** A DynamoDB client for this stack; owned by the stack. */
    public synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = DynamoDbClient.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .endpointOverride(dynamoDbEndpoint)
                    .region(region)
                    .credentialsProvider(credentials)
                    .build();
        }
        return dynamoDb;
    }

    /**
     * A DynamoDB Streams client for {@link #dynamoDbStreamsEndpoint()} (the SDK's default endpoint
     * when there is none); the caller closes it.
     */
    public DynamoDbStreamsClient dynamoDbStreamsClient() {
        DynamoDbStreamsClientBuilder builder = DynamoDbStreamsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(region)
                .credentialsProvider(credentials);
        dynamoDbStreamsEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** An OpenSearch client for this stack's OpenSearch; owned by the stack. */
    public synchronized OpenSearchClient openSearch() {
        if (openSearch == null) {
            openSearch = OpenSearchClients.create(OpenSearchConfig.from(
                    Settings.of(Map.of(OpenSearchConfig.URL, openSearchEndpoint.toString()))));
        }
        return openSearch;
    }

    /**
     * For a caller whose own shutdown hook closes this stack after stopping what uses it (local
     * mode's workers): the stack's own hook would run at the same time, as the JVM runs its hooks
     * together, and stop DynamoDB under workers still giving their leases up.
     */
    public void leaveShutdownToCaller() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // Too late to take it back; it stops the services.
        }
    }

    /** Stops everything this stack started, newest first. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or about to; it stops the services.
        }
        stopServices();
    }

    private synchronized void stopServices() {
        if (kinesis != null) {
            kinesis.close();
            kinesis = null;
        }
        if (dynamoDb != null) {
            dynamoDb.close();
            dynamoDb = null;
        }
        if (openSearch != null) {
            try {
                openSearch._transport().close();
            } catch (IOException e) {
                LOG.debug("Closing the OpenSearch client failed", e);
            }
            openSearch = null;
        }
        closeAll(started);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static void closeAll(Deque<AutoCloseable> services) {
        while (!services.isEmpty()) {
            AutoCloseable service = services.pop();
            try {
                service.close();
            } catch (Exception e) {
                LOG.warn("Stopping {} failed", service, e);
            }
        }
    }

    private static KinesisMock startKinesisMock(Path workDir) {
        try {
            return KinesisMock.start(BuildLayout.kinesisMockMain(), workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Kinesis emulator", e);
        }
    }

    /** dynalite, and the DynamoDB Streams stand-in in front of it, both stopped with the stack. */
    private static DynamoDbStreamsStandIn startDynamoDb(Path workDir, Region region, Deque<AutoCloseable> started) {
        Dynalite dynalite;
        try {
            dynalite = Dynalite.start(BuildLayout.dynaliteCli(), workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start dynalite", e);
        }
        started.push(dynalite);
        DynamoDbStreamsStandIn standIn = DynamoDbStreamsStandIn.start(dynalite.endpoint(),
                DynamoDbStreamsStandIn.Settings.defaults().withRegion(region.id()));
        started.push(standIn);
        return standIn;
    }

    private static Optional<OpenSearchNode> joinStartup(CompletableFuture<Optional<OpenSearchNode>> node) {
        try {
            return node.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static Optional<URI> endpointFromEnvironment(Map<String, String> environment, String name) {
        String value = environment.getOrDefault(name, environment.get("AWS_ENDPOINT_URL"));
        return Optional.ofNullable(value).filter(v -> !v.isBlank()).map(URI::create);
    }

    @Override
    public String toString() {
        return "LocalStack[kinesis=" + kinesisEndpoint + ", dynamodb=" + dynamoDbEndpoint + ", opensearch="
                + openSearchEndpoint + "]";
    }
}
