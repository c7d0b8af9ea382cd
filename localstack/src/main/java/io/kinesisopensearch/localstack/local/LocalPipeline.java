package io.kinesisopensearch.localstack.local;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.consumer.ConsumerConfig;
import io.kinesisopensearch.consumer.ConsumerWorker;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.firehose.FirehoseStandIn;
import io.kinesisopensearch.localstack.firehose.LambdaFunction;
import io.kinesisopensearch.localstack.firehose.StandInConfig;
import io.kinesisopensearch.sink.bulk.WriteCounters;
import io.kinesisopensearch.transformer.FirehoseTransformHandler;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;

/**
 * Local mode's pipeline on a {@link LocalStack}: a worker reading the DynamoDB table {@code books}'s
 * own stream, a worker per Kinesis stream (the CSV catalogue, the user's records) and the Firehose
 * stand-in with the transformer for the access log, each into its own index, and the search page.
 *
 * <p>The user's records: a worker reads the stream the user's settings name ({@code kinesis.stream},
 * default {@code your-records}, created when missing) into their {@code opensearch.index} (default
 * the stream's name) with their mapping, read through {@link Settings} from the environment and the
 * file named by {@code KINESIS_OPENSEARCH_CONFIG}. Endpoints, credentials and KCL timings are local
 * mode's, whatever the settings say, so a production file cannot send anything anywhere else.
 */
final class LocalPipeline implements AutoCloseable {

    static final String BOOKS = "books";
    static final String CATALOGUE = "book-catalogue";
    static final String ACCESS_LOG = "access-log";
    static final String YOUR_RECORDS = "your-records";

    /** One source of documents and how far it got. */
    record Source(String name, String index, Supplier<Counts> counts) {
    }

    /** A source's figures: records read, dead letters and records put but not read yet (-1: unknown). */
    record Counts(long read, long deadLetters, long lag) {
    }

    private final LocalStack stack;
    private final List<ConsumerWorker> workers = new ArrayList<>();
    private final List<Source> sources = new ArrayList<>();
    private final FirehoseStandIn firehose;
    private final SampleProducer producer;
    private final PhotoSamples photos;
    private final SearchPage page;
    private final String userStream;
    private final String userIndex;
    private final SearchIndexes.Analysis analysis;

    private LocalPipeline(LocalStack stack, Map<String, String> environment) {
        this.stack = stack;
        Settings user = Settings.load(environment);
        this.userStream = user.get("kinesis.stream", YOUR_RECORDS);
        this.userIndex = user.get("opensearch.index", userStream);
        this.analysis = SearchIndexes.Analysis.of(stack.openSearch());
        SearchIndexes.putTemplate(stack.openSearch(), indexes(), analysis);
        for (String index : List.of(BOOKS, CATALOGUE, ACCESS_LOG, userIndex)) {
            if (!index.contains("{")) {
                SearchIndexes.create(stack.openSearch(), index);
            }
        }
        this.firehose = FirehoseStandIn.start(
                new StandInConfig(ACCESS_LOG, 1024 * 1024, Duration.ofSeconds(1), 3, ACCESS_LOG,
                        stack.workDir().resolve("local-firehose-errors")),
                LocalPipeline::transformer, stack.openSearch(), attempt -> false, false);
        this.producer = new SampleProducer(stack, firehose.endpoint());
        try {
            ConsumerWorker books = startBooksWorker();
            ConsumerWorker catalogue = startWorker(CATALOGUE, Map.of("mapping.format", "csv",
                    "mapping.csv.types", Samples.CSV_TYPES, "mapping.id-pointer", "/isbn"));
            sources.add(workerSource(BOOKS, BOOKS, books.stats(), producer::tableChanges));
            sources.add(workerSource(CATALOGUE, CATALOGUE, catalogue.stats(), () -> producer.produced(CATALOGUE)));
            sources.add(new Source(ACCESS_LOG, ACCESS_LOG, () -> {
                FirehoseStandIn.Stats stats = firehose.stats();
                long done = stats.ok() + stats.dropped() + stats.processingFailed();
                return new Counts(stats.received(), stats.processingFailed() + stats.deliveryFailed(),
                        Math.max(0, stats.received() - done));
            }));
            ConsumerWorker yours = startUserWorker(environment);
            sources.add(workerSource(userStream, searchable(userIndex), yours.stats(), () -> -1L));
            this.photos = PhotoSamples.start(stack);
            sources.add(new Source(PhotoSamples.INDEX, PhotoSamples.INDEX, photos::counts));
            this.page = SearchPage.start(new BookSearch(stack.openSearch(), indexes()));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts the pipeline; {@code environment} holds the user's settings (and may name their file). */
    static LocalPipeline start(LocalStack stack, Map<String, String> environment) {
        return new LocalPipeline(stack, environment);
    }

    List<Source> sources() {
        return List.copyOf(sources);
    }

    /** The indexes of every source, to search; the user's as a wildcard when it is a date pattern. */
    List<String> indexes() {
        return List.of(BOOKS, CATALOGUE, ACCESS_LOG, searchable(userIndex), PhotoSamples.INDEX);
    }

    /** {@code logs-{yyyy.MM.dd}} becomes {@code logs-*}: every index the pattern makes. */
    private static String searchable(String index) {
        return index.contains("{") ? index.substring(0, index.indexOf('{')) + "*" : index;
    }

    String userStream() {
        return userStream;
    }

    String userIndex() {
        return userIndex;
    }

    URI firehoseEndpoint() {
        return firehose.endpoint();
    }

    URI searchPage() {
        return page.endpoint();
    }

    BookSearch search() {
        return new BookSearch(stack.openSearch(), indexes());
    }

    /** How the indexes' strings are analysed for the search: with analysis-common where the node has it. */
    SearchIndexes.Analysis analysis() {
        return analysis;
    }

    LocalStack stack() {
        return stack;
    }

    SampleProducer producer() {
        return producer;
    }

    /** The photos' bucket, queue and SQS load. */
    PhotoSamples photos() {
        return photos;
    }

    /** Stops the page, the workers (gracefully, at the same time) and the stand-in; the stack stays. */
    @Override
    public void close() {
        if (page != null) {
            page.close();
        }
        CompletableFuture.allOf(workers.stream()
                .map(worker -> CompletableFuture.runAsync(() -> worker.shutdown(Duration.ofSeconds(10))))
                .toArray(CompletableFuture[]::new)).join();
        if (photos != null) {
            photos.close();
        }
        firehose.close();
    }

    /**
     * The worker reading the books table's own DynamoDB stream from its start into index
     * {@value #BOOKS}, after creating the table with its stream (the producer writes it later).
     */
    private ConsumerWorker startBooksWorker() {
        // A new table's stream gets its lease now: the worker reads within seconds, without KCL's first shard sync.
        BookTable.create(stack.dynamoDb()).ifPresent(stream -> stack.leaseTable("local-" + BOOKS)
                .prepareWithTableStreamLeases(stack.dynamoDbStreamsClient(), stream));
        Map<String, String> settings = new HashMap<>(localSettings(BOOKS, BOOKS));
        settings.remove("kinesis.stream");
        settings.put("source.type", "dynamodb-streams");
        settings.put("dynamodb.table", BookTable.NAME);
        settings.put("mapping.format", "dynamodb");
        return startWorker(Settings.of(settings), BOOKS, false);
    }

    private ConsumerWorker startWorker(String stream, Map<String, String> mapping) {
        Map<String, String> settings = new HashMap<>(localSettings(stream, stream));
        settings.putAll(mapping);
        return startWorker(Settings.of(settings), stream, createStream(stream));
    }

    /** The user's settings (environment and file) under local mode's endpoints, names and timings. */
    private ConsumerWorker startUserWorker(Map<String, String> environment) {
        boolean fresh = createStream(userStream);
        Map<String, String> merged = new HashMap<>(environment);
        localSettings(userStream, userIndex).forEach((key, value) -> merged.put(Settings.environmentName(key), value));
        return startWorker(Settings.load(merged), userStream, fresh);
    }

    /** Starts a worker of application {@code local-<stream>}; with {@code fresh} a Kinesis stream's leases are made first. */
    private ConsumerWorker startWorker(Settings settings, String stream, boolean fresh) {
        // Pre-made leases let a worker start reading within seconds instead of KCL's 30 s or more.
        if (fresh) {
            stack.leaseTable("local-" + stream).prepareWithLeases(stream);
        } else {
            stack.leaseTable("local-" + stream).prepare();
        }
        ConsumerWorker worker = ConsumerWorker.start(ConsumerConfig.from(settings));
        workers.add(worker);
        return worker;
    }

    private Map<String, String> localSettings(String stream, String index) {
        Map<String, String> settings = new HashMap<>(stack.workerSettings());
        settings.putAll(LocalStack.FAST_KCL);
        settings.put("kinesis.stream", stream);
        settings.put("kinesis.application-name", "local-" + stream);
        settings.put("opensearch.index", index);
        settings.put("deadletter.uri", "file:" + stack.workDir().resolve("local-dead-letters").resolve(stream));
        settings.put("bulk.max-wait", "200ms");
        settings.put("worker.stats-interval", "1h");
        // Several workers in one process: each takes a free metrics port; local mode prints its own progress.
        settings.put("metrics.port", "0");
        settings.put("worker.progress-interval", "0s");
        return settings;
    }

    /** Creates {@code stream} with one shard; false when it was there already. */
    private boolean createStream(String stream) {
        try {
            stack.createStream(stream, 1);
            return true;
        } catch (ResourceInUseException alreadyThere) {
            return false;
        }
    }

    private Source workerSource(String name, String index, WriteCounters stats, LongSupplier put) {
        return new Source(name, index, () -> {
            WriteCounters.Snapshot snapshot = stats.snapshot();
            long produced = put.getAsLong();
            return new Counts(snapshot.recordsReceived(), snapshot.deadLetters(),
                    produced < 0 ? -1 : Math.max(0, produced - snapshot.recordsReceived()));
        });
    }

    /** The transformer as a deployment would configure it, its re-ingest pointed at the stand-in. */
    private static LambdaFunction transformer(URI firehose) {
        FirehoseTransformHandler handler = new FirehoseTransformHandler(Settings.of(Map.of(
                "opensearch.index", ACCESS_LOG,
                "mapping.format", "auto",
                "aws.region", StandInConfig.REGION,
                "aws.endpoint-url.firehose", firehose.toString(),
                "aws.access-key-id", "local",
                "aws.secret-access-key", "local")));
        return LambdaFunction.of("transformer", handler, Duration.ofMinutes(1));
    }
}
