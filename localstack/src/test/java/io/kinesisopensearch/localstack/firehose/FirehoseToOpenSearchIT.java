package io.kinesisopensearch.localstack.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.firehose.ErrorFolder;
import io.kinesisopensearch.localstack.firehose.FirehoseStandIn;
import io.kinesisopensearch.localstack.firehose.LambdaFunction;
import io.kinesisopensearch.localstack.firehose.StandInConfig;
import io.kinesisopensearch.localstack.testing.Documents;
import io.kinesisopensearch.localstack.testing.Figures;
import io.kinesisopensearch.transformer.FirehoseTransformHandler;
import io.kinesisopensearch.transformer.InvocationReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.Record;

/**
 * The story of the near-real-time path: producers put JSON orders and CloudWatch Logs payloads
 * (many log events each), 1% of them broken, into a Firehose delivery stream whose processor is the
 * transformer and whose destination is a real OpenSearch. Every order and every log event becomes
 * its own document, each exactly once; every broken record is in the error folder; nothing else is
 * missing. The stream refuses some puts, as a busy Firehose does, and the response limit is set low,
 * so that retries and the overflow path run too.
 */
@ExtendWith(LocalStackExtension.class)
class FirehoseToOpenSearchIT {

    private static final int RECORDS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyOrderAndLogEventIsOneDocumentAndEveryBrokenRecordIsInTheErrorFolder(LocalStack stack) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String index = "firehose-" + run;
        Path errors = Path.of(System.getProperty("localstack.work-dir", "target/localstack"), "firehose", run);
        StandInConfig stream = new StandInConfig("logs-" + run, 1024 * 1024, Duration.ofSeconds(1), 3, index, errors);
        Queue<InvocationReport> reports = new ConcurrentLinkedQueue<>();
        Figures figures = new Figures("FirehoseToOpenSearchIT");

        // Refuse about 4% of the record attempts, the producer's and the transformer's alike.
        try (FirehoseStandIn firehose = FirehoseStandIn.start(stream, endpoint -> transformer(endpoint, index, reports),
                stack.openSearch(), attempt -> attempt % 25 == 7, false)) {

            Expected expected = new Expected();
            long putStarted = System.nanoTime();
            put(firehose, records(expected));
            long putMillis = (System.nanoTime() - putStarted) / 1_000_000;
            assertThat(firehose.awaitIdle(Duration.ofMinutes(5))).as("stream drained").isTrue();
            long drainedMillis = (System.nanoTime() - putStarted) / 1_000_000;

            List<Documents.Stored> stored = Documents.all(stack.openSearch(), index);
            Map<String, Integer> found = new HashMap<>();
            for (Documents.Stored document : stored) {
                found.merge(key(document.source()), 1, Integer::sum);
            }
            assertThat(found).as("every order and log event exactly once, nothing else").isEqualTo(expected.documents);

            List<ErrorFolder.FailedRecord> failed = firehose.errors().read(ErrorFolder.PROCESSING_FAILED);
            assertThat(failed).extracting(record -> Base64.getEncoder().encodeToString(record.rawData()))
                    .containsExactlyInAnyOrderElementsOf(expected.poison);
            assertThat(failed).extracting(ErrorFolder.FailedRecord::errorCode).containsOnly("Lambda.ProcessingFailed");
            assertThat(firehose.errors().read(ErrorFolder.OPENSEARCH_FAILED)).isEmpty();
            FirehoseStandIn.Stats stats = firehose.stats();
            assertThat(stats.failedBatches()).isZero();

            int pieces = reports.stream().mapToInt(InvocationReport::piecesPut).sum();
            int overflow = reports.stream().mapToInt(InvocationReport::overflowRecords).sum();
            assertThat(pieces).isPositive();
            assertThat(overflow).as("records put back whole because the response was full").isPositive();
            figures.put("records", RECORDS).put("json", expected.orders).put("logRecords", expected.logRecords)
                    .put("logEvents", expected.logEvents).put("poison", expected.poison.size())
                    .put("documents", stored.size()).put("invocations", stats.invocations())
                    .put("piecesPut", pieces).put("overflowRecords", overflow).put("putRefusals", stats.putRefusals())
                    .put("putMillis", putMillis).put("drainedMillis", drainedMillis).print();
        }
    }

    /** The transformer, configured as a deployment would be, with the stand-in as its Firehose endpoint. */
    private static LambdaFunction transformer(URI firehose, String index, Queue<InvocationReport> reports) {
        FirehoseTransformHandler handler = new FirehoseTransformHandler(Settings.of(Map.of(
                "opensearch.index", index,
                "mapping.format", "auto",
                "firehose.response-limit", "1000000",
                "firehose.reingest.initial-delay", "20ms",
                "aws.region", StandInConfig.REGION,
                "aws.endpoint-url.firehose", firehose.toString(),
                "aws.access-key-id", "local",
                "aws.secret-access-key", "local")));
        return LambdaFunction.of("transformer", (input, output, context) -> {
            FirehoseTransformHandler.Invocation invocation = handler.transform(input, context);
            reports.add(invocation.report());
            output.write(invocation.response());
        }, Duration.ofMinutes(1));
    }

    /** What the records hold: the documents by key with their count, and the broken records. */
    private static final class Expected {
        final Map<String, Integer> documents = new HashMap<>();
        final List<String> poison = new ArrayList<>();
        int orders;
        int logRecords;
        int logEvents;
    }

    /** 10,000 records: 69% JSON orders, 30% CloudWatch Logs payloads of 2 to 21 events, 1% broken. */
    private static List<byte[]> records(Expected expected) throws IOException {
        List<byte[]> records = new ArrayList<>(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            byte[] data;
            if (i % 100 == 99) {
                data = i % 200 == 99
                        ? ("{\"orderId\":\"broken-" + i + "\",\"amount\":").getBytes(StandardCharsets.UTF_8)
                        : new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3, (byte) i, 5, 6, 7};
                expected.poison.add(Base64.getEncoder().encodeToString(data));
            } else if (i % 10 < 3) {
                int events = 2 + i * 7 % 20;
                data = logs(i, events);
                expected.logRecords++;
                expected.logEvents += events;
                for (int k = 0; k < events; k++) {
                    expected.documents.merge("log " + i + "/" + k, 1, Integer::sum);
                }
            } else {
                ObjectNode order = JSON.createObjectNode().put("orderId", "order-" + i).put("customer", "customer " + i % 97)
                        .put("amount", i % 1000 + 0.5).put("note", "x".repeat(i % 300));
                data = JSON.writeValueAsBytes(order);
                expected.orders++;
                expected.documents.merge("order " + i, 1, Integer::sum);
            }
            records.add(data);
        }
        return records;
    }

    private static byte[] logs(int record, int events) throws IOException {
        ObjectNode message = JSON.createObjectNode().put("messageType", "DATA_MESSAGE").put("owner", "123456789012")
                .put("logGroup", "/aws/lambda/checkout").put("logStream", "2026/11/21/[$LATEST]" + record % 7);
        message.putArray("subscriptionFilters").add("to-firehose");
        ArrayNode logEvents = message.putArray("logEvents");
        for (int k = 0; k < events; k++) {
            logEvents.addObject().put("id", String.format("%056d", (long) record * 100 + k))
                    .put("timestamp", 1_795_000_000_000L + record * 100L + k)
                    .put("message", "log " + record + "/" + k + " " + "request handled in " + (k * 13 % 500) + " ms");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            JSON.writeValue(gzip, message);
        }
        return bytes.toByteArray();
    }

    private static String key(JsonNode source) {
        if (source.has("orderId")) {
            return "order " + source.get("orderId").asText().substring("order-".length());
        }
        String message = source.path("message").asText();
        return message.substring(0, message.indexOf(' ', "log ".length()));
    }

    /** Puts the records as a producer would: PutRecordBatch calls of 500, sending refused records again. */
    private static void put(FirehoseStandIn firehose, List<byte[]> records) throws InterruptedException {
        try (FirehoseClient client = FirehoseClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(firehose.endpoint())
                .region(Region.of(StandInConfig.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build()) {
            String name = firehose.deliveryStreamArn().substring(firehose.deliveryStreamArn().lastIndexOf('/') + 1);
            for (int from = 0; from < records.size(); from += 500) {
                List<byte[]> pending = records.subList(from, Math.min(records.size(), from + 500));
                while (!pending.isEmpty()) {
                    List<Record> batch = pending.stream().map(data -> Record.builder().data(SdkBytes.fromByteArray(data)).build())
                            .toList();
                    PutRecordBatchResponse response = client.putRecordBatch(put -> put.deliveryStreamName(name).records(batch));
                    List<byte[]> refused = new ArrayList<>();
                    for (int i = 0; i < pending.size(); i++) {
                        if (response.requestResponses().get(i).errorCode() != null) {
                            refused.add(pending.get(i));
                        }
                    }
                    pending = refused;
                    if (!pending.isEmpty()) {
                        Thread.sleep(20);
                    }
                }
            }
        }
    }
}
