package io.kinesisopensearch.localstack.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.kinesisopensearch.localstack.LocalStack;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local mode, the README's run command: the local stack, a worker per sample source and the
 * Firehose stand-in with the transformer, sample data from a bookshop, progress once a second, and a
 * typo-tolerant search (a prompt, the {@code local.search} property, and a page), until Ctrl-C.
 *
 * <p>System properties: {@code local.once=true} (or the environment's {@code CI=true}) stops after
 * the samples are checked, for scripts; {@code local.search} runs one search; {@code local.index}
 * limits it to one index. Program arguments {@code search <words>} do the same as
 * {@code local.search}.
 */
public final class LocalMode {

    private static final Logger LOG = LoggerFactory.getLogger(LocalMode.class);
    private static final Duration SAMPLES_TIMEOUT = Duration.ofMinutes(3);

    private final PrintStream out;
    private final LocalPipeline pipeline;

    LocalMode(LocalPipeline pipeline, PrintStream out) {
        this.pipeline = pipeline;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        boolean once = Boolean.getBoolean("local.once") || "true".equalsIgnoreCase(System.getenv("CI"));
        String search = args.length > 1 && args[0].equals("search")
                ? String.join(" ", Arrays.copyOfRange(args, 1, args.length))
                : System.getProperty("local.search", "");
        String index = System.getProperty("local.index", "");
        PrintStream out = System.out;
        long started = System.nanoTime();
        out.println("Starting the local stack: Kinesis (kinesis-mock), DynamoDB (dynalite, DynamoDB Streams stand-in), OpenSearch ...");
        LocalStack stack = LocalStack.start();
        LocalPipeline pipeline;
        try {
            pipeline = LocalPipeline.start(stack, System.getenv());
        } catch (RuntimeException e) {
            // A bad settings file, say: one line, and everything started so far stopped; the trace in the
            // log file only (INFO: the console shows this project's warnings, and has the line).
            LOG.info("Local mode could not start", e);
            out.println("Local mode could not start: " + (e.getMessage() == null ? e : e.getMessage()));
            stack.close();
            System.exit(2);
            return;
        }
        ProgressPrinter progress = new ProgressPrinter(pipeline.sources(), stack.openSearch(), out);
        Thread stop = new Thread(() -> {
            out.println("Stopping: workers, Firehose stand-in, search page, then the stack ...");
            progress.close();
            pipeline.close();
            stack.close();
            out.println("Stopped.");
        }, "local-mode-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        stack.leaveShutdownToCaller();

        LocalMode local = new LocalMode(pipeline, out);
        out.printf("%nLocal mode is up after %d s.%n", (System.nanoTime() - started) / 1_000_000_000);
        local.printEndpoints();
        progress.start();
        boolean samplesRight = false;
        try {
            samplesRight = local.putAndCheckSamples();
            if (!search.isBlank()) {
                local.printSearch(search, index);
            }
        } catch (RuntimeException e) {
            // Said, not thrown: KCL's threads would keep the JVM up after main ended, and a script waiting.
            LOG.info("Local mode failed", e);
            out.println("Local mode failed: " + e);
        }
        if (once) {
            // Exit, not return: KCL 3.5.1 keeps a non-daemon thread pool that would keep the JVM alive.
            // The shutdown hook stops everything.
            System.exit(samplesRight ? 0 : 1);
        }
        local.prompt(index);
    }

    /** Every endpoint, the exports that point the AWS CLI and SDKs at them, and commands to try. */
    void printEndpoints() {
        LocalStack stack = pipeline.stack();
        Map<String, String> settings = new HashMap<>(stack.workerSettings());
        out.printf("Endpoints:%n");
        out.printf("  Kinesis      %s   streams: %s (CSV), %s (your records)%n",
                stack.kinesisEndpoint(), LocalPipeline.CATALOGUE, pipeline.userStream());
        URI dynamoDb = stack.dynamoDbEndpoint();
        String streams = stack.dynamoDbStreamsEndpoint().map(endpoint -> endpoint.equals(dynamoDb)
                ? "; DynamoDB Streams on the same endpoint" : "; DynamoDB Streams at " + endpoint).orElse("");
        out.printf("  DynamoDB     %s   table %s (its stream, NEW_AND_OLD_IMAGES, read into index %s); KCL lease tables"
                + " local-*%s%n", dynamoDb, BookTable.NAME, LocalPipeline.BOOKS, streams);
        out.printf("  Firehose     %s   delivery stream %s (Lambda: the transformer, mapping.format=auto)%n",
                pipeline.firehoseEndpoint(), LocalPipeline.ACCESS_LOG);
        out.printf("  S3, SQS      %s, %s   bucket %s, its S3 events to queue %s (SQS load; images labelled by the"
                + " Rekognition stand-in)%n", pipeline.photos().s3Endpoint(), stack.sqsEndpoint(), PhotoSamples.BUCKET,
                PhotoSamples.QUEUE);
        out.printf("  OpenSearch   %s   %s, indexes: %s%n", stack.openSearchEndpoint(), openSearchVersion(stack),
                String.join(", ", pipeline.indexes()));
        out.printf("  Search page  %s%n", pipeline.searchPage());
        out.printf("  Logs         %s%n", stack.workDir());
        out.printf("%nPut your own records (another shell):%n");
        out.printf("  export AWS_REGION=%s%n", settings.get("AWS_REGION"));
        if ("local".equals(settings.get("AWS_ACCESS_KEY_ID"))) {
            out.printf("  export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local%n");
        }
        out.printf("  export AWS_ENDPOINT_URL_KINESIS=%s%n", stack.kinesisEndpoint());
        out.printf("  export AWS_ENDPOINT_URL_DYNAMODB=%s%n", dynamoDb);
        stack.dynamoDbStreamsEndpoint().ifPresent(endpoint -> out.printf("  export AWS_ENDPOINT_URL_DYNAMODB_STREAMS=%s%n",
                endpoint));
        out.printf("  export AWS_ENDPOINT_URL_FIREHOSE=%s%n", pipeline.firehoseEndpoint());
        out.printf("  export AWS_ENDPOINT_URL_S3=%s AWS_ENDPOINT_URL_SQS=%s%n", pipeline.photos().s3Endpoint(),
                stack.sqsEndpoint());
        out.printf("  export OPENSEARCH_URL=%s%n", stack.openSearchEndpoint());
        out.printf("  aws kinesis put-record --stream-name %s --partition-key 1 --cli-binary-format raw-in-base64-out \\%n"
                + "      --data '{\"title\":\"My first record\",\"author\":\"Me\"}'%n", pipeline.userStream());
        out.printf("  aws dynamodb put-item --table-name %s \\%n"
                + "      --item '{\"author\":{\"S\":\"Me\"},\"bookTitle\":{\"S\":\"My first book\"},\"year\":{\"N\":\"2026\"}}'%n",
                BookTable.NAME);
        out.printf("  aws firehose put-record --delivery-stream-name %s --cli-binary-format raw-in-base64-out \\%n"
                + "      --record '{\"Data\":\"GET /search?q=my+first+record 200 5ms\"}'%n", LocalPipeline.ACCESS_LOG);
        out.printf("  curl '%s/%s/_search?q=first&pretty'%n", stack.openSearchEndpoint(), pipeline.userIndex());
        out.printf("Records of stream %s are mapped into index %s with your settings (environment, or the file named by"
                + " KINESIS_OPENSEARCH_CONFIG).%n%n", pipeline.userStream(), pipeline.userIndex());
    }

    /** The server's version, or a word saying it would not tell (a cluster from the environment may not). */
    private static String openSearchVersion(LocalStack stack) {
        try {
            return stack.openSearchVersion();
        } catch (RuntimeException e) {
            LOG.info("OpenSearch did not give its version", e);
            return "version unknown";
        }
    }

    /**
     * Puts the samples in and waits until every index holds what it should; prints whether the books
     * index equals the table's final state (a scan of it), or the differences. Returns whether all
     * was right.
     */
    boolean putAndCheckSamples() throws InterruptedException {
        List<BookTable.Write> writes = BookTable.writes();
        out.printf("Putting the samples: %d changes of table %s (%s), %d CSV records of %d books,"
                        + " %d CloudWatch Logs payloads of %d log events%n",
                writes.size(), BookTable.NAME, BookTable.summary(writes), Samples.csvRecords().size(), Samples.csvBooks(),
                Samples.logPayloads().size(), Samples.logEvents());
        pipeline.producer().putAll();
        out.printf("Putting %d photos into bucket %s, each notified to queue %s%n", pipeline.photos().photos().size(),
                PhotoSamples.BUCKET, PhotoSamples.QUEUE);
        pipeline.photos().putAll();
        LocalStack stack = pipeline.stack();
        long deadline = System.nanoTime() + SAMPLES_TIMEOUT.toNanos();
        Map<String, JsonNode> table = Map.of();
        List<String> differences = List.of();
        boolean counted = false;
        while (System.nanoTime() < deadline) {
            table = BookTable.scan(stack.dynamoDb());
            differences = BookTable.differences(table, BookTable.indexed(stack.openSearch(), LocalPipeline.BOOKS));
            counted = stack.searchableDocuments(LocalPipeline.CATALOGUE) == Samples.csvBooks()
                    && stack.searchableDocuments(LocalPipeline.ACCESS_LOG) == Samples.logEvents()
                    && stack.searchableDocuments(PhotoSamples.INDEX) == pipeline.photos().photos().size();
            if (differences.isEmpty() && counted) {
                break;
            }
            Thread.sleep(500);
        }
        long seconds = SAMPLES_TIMEOUT.toSeconds() - Math.max(0, (deadline - System.nanoTime()) / 1_000_000_000);
        if (differences.isEmpty()) {
            out.printf("books index equals the table's final state: %d documents (%d s after the samples were put)%n",
                    table.size(), seconds);
        } else {
            out.printf("books index differs from the table's final state:%n%s%n", String.join("\n", differences));
        }
        out.printf("%s holds %d of %d books, %s %d of %d log events%n", LocalPipeline.CATALOGUE,
                stack.searchableDocuments(LocalPipeline.CATALOGUE), Samples.csvBooks(), LocalPipeline.ACCESS_LOG,
                stack.searchableDocuments(LocalPipeline.ACCESS_LOG), Samples.logEvents());
        out.printf("%s holds %d of %d photos, each with the labels Rekognition sees in it%n", PhotoSamples.INDEX,
                stack.searchableDocuments(PhotoSamples.INDEX), pipeline.photos().photos().size());
        return differences.isEmpty() && counted;
    }

    /** Prints the best hits of {@code text}, with score and highlighted fragments. */
    void printSearch(String text, String index) {
        List<BookSearch.Hit> hits = pipeline.search().search(text, index, 5);
        out.printf("%nsearch \"%s\": %d best hits%n", text, hits.size());
        int rank = 1;
        for (BookSearch.Hit hit : hits) {
            out.printf("  %d. %-32s score %6.2f  %s/%s%n", rank++, hit.title(), hit.score(), hit.index(), hit.id());
            hit.highlights().forEach((field, fragments) -> fragments.forEach(fragment ->
                    out.printf("       %s: %s%n", field, BookSearch.forConsole(fragment))));
        }
    }

    /**
     * Searches what is typed, a line at a time, then waits for Ctrl-C. Standard input is read even
     * without a console: under {@code ./mvnw} the exec plugin pumps the terminal's input through a pipe.
     */
    private void prompt(String index) throws IOException, InterruptedException {
        out.println("Running until Ctrl-C. Type words to search (typos welcome), or use the search page "
                + pipeline.searchPage());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (!line.isBlank()) {
                printSearch(line.trim(), index);
            }
        }
        Thread.currentThread().join();
    }
}
