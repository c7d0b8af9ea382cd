package io.kinesisopensearch.localstack.dynamodbstreams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kinesisopensearch.localstack.dynamodbstreams.Backend.Answer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DynamoDB Streams stand-in in front of a DynamoDB server that has no Streams API (dynalite): one
 * loopback endpoint for both {@code AWS_ENDPOINT_URL_DYNAMODB} and
 * {@code AWS_ENDPOINT_URL_DYNAMODB_STREAMS}, on the real wire protocol (AWS JSON 1.0; the SDK's
 * DynamoDB and DynamoDB Streams clients both sign as {@code dynamodb}), so that the AWS SDK, KCL and
 * the DynamoDB Streams Kinesis adapter use it unchanged. Signatures are not checked.
 *
 * <p>Requests with {@code X-Amz-Target: DynamoDB_20120810.*} go on to the DynamoDB server; those
 * with {@code DynamoDBStreams_20120810.*} are answered here. What it does as AWS does:
 * <ul>
 * <li>Keeps each table's {@code StreamSpecification} (CreateTable; UpdateTable enabling or disabling
 * the stream; DeleteTable disables it) and adds {@code StreamSpecification}, {@code LatestStreamArn}
 * and {@code LatestStreamLabel} to DescribeTable, CreateTable and UpdateTable answers. ARNs are in
 * AWS's form, {@code arn:aws:dynamodb:us-east-1:123456789012:table/Books/stream/2026-12-06T07:00:00.000},
 * with a real region (the adapter accepts no other) and a 12-digit account.</li>
 * <li>Records INSERT, MODIFY and REMOVE for PutItem, UpdateItem, DeleteItem, BatchWriteItem and
 * TransactWriteItems (which it carries out itself, as dynalite has none): the writes of a table with
 * a stream are serialised, the item read consistently before and after, and a record written only
 * when the item changed (a failed condition, or a put of an identical item, records nothing). A
 * record carries the images its stream's view type asks for, a sequence number (21 digits, growing),
 * {@code ApproximateCreationDateTime} in epoch seconds, eventID, eventVersion 1.1, eventSource
 * {@code aws:dynamodb}, awsRegion and SizeBytes. An item's records are in the order of its writes.</li>
 * <li>Serves ListStreams (TableName, Limit, ExclusiveStartStreamArn), DescribeStream (Limit,
 * ExclusiveStartShardId, ShardFilter {@code CHILD_SHARDS}), GetShardIterator (TRIM_HORIZON, LATEST,
 * AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER) and GetRecords (up to 1,000 records and 1 MB; no
 * NextShardIterator once a closed shard is read to its end).</li>
 * <li>Closes the open shard every {@link #rolloverInterval} (default 4 hours) and opens a child
 * naming it as {@code ParentShardId}; a closed shard carries its {@code EndingSequenceNumber}.
 * Records older than {@link #retention} (24 hours) are trimmed, and a position before them answers
 * TrimmedDataAccessException; closed shards past the retention leave DescribeStream. An iterator
 * older than {@link #iteratorLifetime} (15 minutes) answers ExpiredIteratorException. Errors are in
 * AWS's JSON shape ({@code __type}, {@code message}) with AWS's status codes.</li>
 * </ul>
 *
 * <p>What it leaves out: a stream has one open shard at a time (AWS splits a busy table's stream
 * into several shards by partition, and a shard can have two children); records are visible at once
 * rather than within about a second; no request rates or throughput limits; TransactWriteItems is
 * atomic towards other writers through the stand-in but not towards readers (they can see its
 * writes one by one), reports only its first failed condition, and ignores ClientRequestToken; TTL
 * deletions are not simulated; writes that bypass the stand-in (straight to dynalite) are not
 * recorded; all state is in memory.
 */
public final class DynamoDbStreamsStandIn implements AutoCloseable {

    /** Where a stand-in's streams live and how its clock behaves; the durations can change later. */
    public record Settings(String region, String account, Duration rolloverInterval, Duration iteratorLifetime,
            Duration retention) {

        public static Settings defaults() {
            return new Settings("us-east-1", "123456789012", Duration.ofHours(4), Duration.ofMinutes(15),
                    Duration.ofHours(24));
        }

        public Settings withRegion(String newRegion) {
            return new Settings(newRegion, account, rolloverInterval, iteratorLifetime, retention);
        }
    }

    static final String STREAMS_TARGET_PREFIX = "DynamoDBStreams_20120810.";
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbStreamsStandIn.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final ScheduledExecutorService clock;
    private final StreamStore store;
    private final TableWrites tables;
    private final Settings initial;
    private volatile Duration rolloverInterval;
    private volatile Duration iteratorLifetime;
    private volatile Duration retention;

    private DynamoDbStreamsStandIn(URI dynamoDb, Settings settings) throws IOException {
        if (!settings.account().matches("[0-9]{12}")) {
            throw new IllegalArgumentException("An account id has 12 digits, not " + settings.account());
        }
        this.initial = settings;
        this.rolloverInterval = settings.rolloverInterval();
        this.iteratorLifetime = settings.iteratorLifetime();
        this.retention = settings.retention();
        Backend backend = new Backend(dynamoDb, settings.region());
        this.store = new StreamStore(settings.region(), settings.account(), System::currentTimeMillis,
                new StreamStore.Timing() {
                    @Override
                    public long rolloverMillis() {
                        return rolloverInterval.toMillis();
                    }

                    @Override
                    public long iteratorLifetimeMillis() {
                        return iteratorLifetime.toMillis();
                    }

                    @Override
                    public long retentionMillis() {
                        return retention.toMillis();
                    }
                });
        this.tables = new TableWrites(backend, store);
        this.executor = Executors.newFixedThreadPool(16, runnable -> {
            Thread thread = new Thread(runnable, "dynamodb-streams-stand-in");
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
        // Rollover and trimming run on the service's clock, whether or not anyone reads or writes.
        this.clock = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dynamodb-streams-clock");
            thread.setDaemon(true);
            return thread;
        });
        clock.scheduleWithFixedDelay(this::maintain, 100, 100, TimeUnit.MILLISECONDS);
        LOG.info("DynamoDB Streams stand-in at {} in front of {} (region {}, shards roll over every {})", endpoint(),
                dynamoDb, settings.region(), rolloverInterval);
    }

    /** Starts a stand-in in front of the DynamoDB server at {@code dynamoDb}. */
    public static DynamoDbStreamsStandIn start(URI dynamoDb, Settings settings) {
        try {
            return new DynamoDbStreamsStandIn(dynamoDb, settings);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the DynamoDB Streams stand-in", e);
        }
    }

    /** The endpoint for both {@code AWS_ENDPOINT_URL_DYNAMODB} and {@code AWS_ENDPOINT_URL_DYNAMODB_STREAMS}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public String region() {
        return initial.region();
    }

    public Duration rolloverInterval() {
        return rolloverInterval;
    }

    /** How long a shard stays open before it is closed and replaced by a child; applies to the open shards too. */
    public DynamoDbStreamsStandIn rolloverInterval(Duration interval) {
        this.rolloverInterval = positive(interval);
        return this;
    }

    public Duration iteratorLifetime() {
        return iteratorLifetime;
    }

    /** How long a shard iterator can be used (AWS: 15 minutes). */
    public DynamoDbStreamsStandIn iteratorLifetime(Duration lifetime) {
        this.iteratorLifetime = positive(lifetime);
        return this;
    }

    public Duration retention() {
        return retention;
    }

    /** How long records are kept (AWS: 24 hours). */
    public DynamoDbStreamsStandIn retention(Duration kept) {
        this.retention = positive(kept);
        return this;
    }

    /** Back to the settings the stand-in started with. */
    public void resetTiming() {
        rolloverInterval = initial.rolloverInterval();
        iteratorLifetime = initial.iteratorLifetime();
        retention = initial.retention();
    }

    private static Duration positive(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("Must be positive: " + duration);
        }
        return duration;
    }

    private void maintain() {
        try {
            store.maintain();
        } catch (RuntimeException e) {
            LOG.warn("Rollover and trimming failed", e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!values.isEmpty()) {
                    headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
                }
            });
            Answer answer;
            try {
                if (target != null && target.startsWith(STREAMS_TARGET_PREFIX)) {
                    answer = streams(target.substring(STREAMS_TARGET_PREFIX.length()), body);
                } else if (target != null && target.startsWith(Backend.TARGET_PREFIX)) {
                    answer = tables.handle(target.substring(Backend.TARGET_PREFIX.length()), body, headers);
                } else {
                    answer = error(new StreamsError("UnknownOperationException", 400, "Unknown target " + target));
                }
            } catch (StreamsError e) {
                answer = error(e);
            } catch (RuntimeException e) {
                LOG.warn("The DynamoDB Streams stand-in failed on {}", target, e);
                answer = error(new StreamsError("InternalServerError", 500, e.toString()));
            }
            CRC32 crc = new CRC32();
            crc.update(answer.body());
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.getResponseHeaders().set("x-amz-crc32", Long.toString(crc.getValue()));
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        }
    }

    private Answer streams(String operation, byte[] body) throws IOException {
        JsonNode request;
        try {
            request = body.length == 0 ? Backend.JSON.createObjectNode() : Backend.JSON.readTree(body);
        } catch (IOException e) {
            throw new StreamsError("SerializationException", 400, "Malformed JSON: " + e.getMessage());
        }
        if (!request.isObject()) {
            throw new StreamsError("SerializationException", 400, "The request body must be a JSON object");
        }
        ObjectNode response = switch (operation) {
            case "ListStreams" -> store.listStreams(request);
            case "DescribeStream" -> store.describeStream(request);
            case "GetShardIterator" -> store.getShardIterator(request);
            case "GetRecords" -> store.getRecords(request);
            default -> throw new StreamsError("UnknownOperationException", 400, "Unknown operation " + operation);
        };
        return new Answer(200, Backend.JSON.writeValueAsBytes(response));
    }

    private static Answer error(StreamsError error) {
        ObjectNode body = Backend.JSON.createObjectNode();
        body.put("__type", "com.amazonaws.dynamodb.v20120810#" + error.type());
        body.put("message", error.getMessage());
        return new Answer(error.status(), body.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        clock.shutdownNow();
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "DynamoDB Streams stand-in at " + endpoint();
    }
}
