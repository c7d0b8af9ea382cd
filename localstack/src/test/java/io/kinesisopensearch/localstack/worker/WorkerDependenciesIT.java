package io.kinesisopensearch.localstack.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.StreamProducer;
import io.kinesisopensearch.localstack.WorkerProcess;
import io.kinesisopensearch.localstack.testing.Figures;
import io.kinesisopensearch.localstack.testing.Orders;
import io.kinesisopensearch.localstack.testing.TcpGate;
import io.kinesisopensearch.localstack.testing.WorkerTimeline;
import io.kinesisopensearch.localstack.testing.Workers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A worker started with one dependency refusing connections (nothing listens at its endpoint), in
 * turn the stream, the lease table's DynamoDB, OpenSearch and the dead-letter bucket, with the
 * shipped log configuration: it names the dependency, its endpoint and the error in one line, again
 * every report interval (5 s here, 30 s shipped), prints no stack trace and few lines, says on
 * {@code /ready} what it waits for, and once the dependency listens again it reads, writes and
 * stores its dead letters within seconds.
 */
@ExtendWith(LocalStackExtension.class)
class WorkerDependenciesIT {

    private static final int SHARDS = 2;
    private static final int ORDERS = 40;
    private static final Duration OUTAGE = Duration.ofSeconds(12);
    private static final Duration REPORT_INTERVAL = Duration.ofSeconds(5);
    /** From the dependency's return to everything written: the next check (every second while down), KCL's start, a fetch. */
    private static final Duration BACK_WITHIN = Duration.ofSeconds(30);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX");

    @Test
    void theStreamRefusingConnections(LocalStack stack) throws Exception {
        outage(stack, "kinesis", "Kinesis stream", stack.kinesisEndpoint(), "AWS_ENDPOINT_URL_KINESIS", true);
    }

    @Test
    void theLeaseTablesDynamoDbRefusingConnections(LocalStack stack) throws Exception {
        outage(stack, "dynamodb", "DynamoDB lease table", stack.dynamoDbEndpoint(), "AWS_ENDPOINT_URL_DYNAMODB", true);
    }

    @Test
    void openSearchRefusingConnections(LocalStack stack) throws Exception {
        outage(stack, "opensearch", "OpenSearch", stack.openSearchEndpoint(), "OPENSEARCH_URL", false);
    }

    @Test
    void theDeadLetterBucketRefusingConnections(LocalStack stack) throws Exception {
        outage(stack, "s3", "dead-letter bucket", stack.s3Endpoint(), "AWS_ENDPOINT_URL_S3", false);
    }

    private static void outage(LocalStack stack, String what, String name, URI service, String setting,
            boolean neededToRead) throws Exception {
        String stream = Workers.unique("deps-" + what);
        stack.createStream(stream, SHARDS);
        StreamProducer producer = new StreamProducer(stack.kinesis(), stream);
        producer.put(Orders.range(0, ORDERS));
        // One record the mapping refuses: its dead letter must reach the bucket once it is back.
        producer.put(List.of(new StreamProducer.Entry("poison", "not json {".getBytes(StandardCharsets.UTF_8))));
        Map<String, String> settings = Workers.settings(stack, stream, stream, stream);
        String bucket = "letters-" + stream;
        try (S3Client s3 = stack.s3()) {
            s3.createBucket(request -> request.bucket(bucket));
        }
        settings.put("DEADLETTER_URI", "s3://" + bucket + "/letters/");
        settings.put("AWS_ENDPOINT_URL_S3", stack.s3Endpoint().toString());
        settings.put("WORKER_DEPENDENCY_CHECK_INTERVAL", "1s");
        settings.put("WORKER_DEPENDENCY_REPORT_INTERVAL", REPORT_INTERVAL.toSeconds() + "s");
        settings.put("WORKER_PROGRESS_INTERVAL", "0s");
        settings.put("WORKER_STATS_INTERVAL", "1m");
        Figures figures = new Figures("dependency-" + what);
        try (TcpGate gate = TcpGate.closedInFrontOf(service)) {
            String endpoint = gate.endpoint().toString();
            settings.put(setting, endpoint);
            Path directory = stack.workDir().resolve(stream);
            try (WorkerProcess worker = WorkerProcess.start(settings, directory)) {
                WorkerTimeline timeline = new WorkerTimeline(worker.log());
                await().atMost(Duration.ofSeconds(60)).until(() -> timeline.first(name).isPresent());
                Instant named = timeline.first(name).orElseThrow();
                if (neededToRead) {
                    String ready = ready(timeline);
                    figures.put("ready", '"' + ready + '"');
                    assertThat(ready).as("/ready while the %s refuses connections", name)
                            .startsWith("503 not ready: waiting for " + name).contains(endpoint)
                            .contains("Connection refused");
                }
                Thread.sleep(Math.max(0, OUTAGE.toMillis() - Duration.between(named, Instant.now()).toMillis()));
                Instant opened = Instant.now();
                gate.open();

                List<String> during = linesBetween(worker.log(), named, opened);
                List<String> warnings = during.stream().filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
                        .toList();
                figures.put("outageSeconds", Duration.between(named, opened).toSeconds())
                        .put("linesDuringOutage", during.size()).put("warningsDuringOutage", warnings.size());
                // One line when it goes, one per report interval; OpenSearch also gets the bulk writer's
                // first failure of each shard's request, which names it too.
                long bound = 2 + OUTAGE.toSeconds() / REPORT_INTERVAL.toSeconds() + (what.equals("opensearch") ? SHARDS : 0);
                assertThat(warnings).as("warnings while the %s refuses connections", name).isNotEmpty()
                        .hasSizeLessThanOrEqualTo((int) bound)
                        .allSatisfy(line -> assertThat(line).containsAnyOf(names(name)).contains(endpoint));
                assertThat(warnings.get(0)).contains("unreachable").contains("Connection refused");
                assertThat(during).as("every line while the %s is down", name).hasSizeLessThanOrEqualTo((int) bound + 10);

                await().atMost(BACK_WITHIN).pollInterval(Duration.ofMillis(200))
                        .until(() -> stack.searchableDocuments(stream) == ORDERS && letters(stack, bucket) > 0);
                figures.put("backAfterMillis", Duration.between(opened, Instant.now()).toMillis());
                // What was held may get through before the monitor's next check (a second later) says so.
                String back = endpoint + " reachable again after";
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                        assertThat(Files.readAllLines(worker.log())).as("the line saying it is back")
                                .anyMatch(line -> line.contains(name) && line.contains(back)));
                assertThat(Files.readAllLines(worker.log())).as("stack trace lines").noneMatch(line -> line.startsWith("\tat "));
                worker.terminate();
                worker.awaitExit(Duration.ofSeconds(30));
            }
        } finally {
            figures.print();
        }
    }

    /** How the worker's lines name the dependency: the monitor's name, or the bulk writer's and the dead letters' own. */
    private static String[] names(String name) {
        return switch (name) {
            case "OpenSearch" -> new String[] {"OpenSearch at "};
            case "dead-letter bucket" -> new String[] {"dead-letter bucket", "dead letters"};
            default -> new String[] {name};
        };
    }

    /** {@code /ready}'s status and body, once the worker serves it. */
    private static String ready(WorkerTimeline timeline) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> timeline.metricsPort().isPresent());
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + timeline.metricsPort().getAsInt() + "/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body().strip();
    }

    private static long letters(LocalStack stack, String bucket) {
        try (S3Client s3 = stack.s3()) {
            return s3.listObjectsV2(request -> request.bucket(bucket)).keyCount();
        }
    }

    /** The lines stamped from {@code from} (inclusive) to {@code to}, continuation lines with their line. */
    private static List<String> linesBetween(Path log, Instant from, Instant to) throws Exception {
        List<String> lines = new ArrayList<>();
        Instant stamp = Instant.MIN;
        Function<String, Instant> stampOf = line -> {
            try {
                return OffsetDateTime.parse(line.substring(0, line.indexOf(' ')), STAMP).toInstant();
            } catch (RuntimeException notStamped) {
                return null;
            }
        };
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Instant at = stampOf.apply(line);
            stamp = at == null ? stamp : at;
            if (!stamp.isBefore(from) && stamp.isBefore(to)) {
                lines.add(line);
            }
        }
        return lines;
    }
}
