package io.kinesisopensearch.localstack.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.decode.Gzip;
import io.kinesisopensearch.lambda.S3EventHandler;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.testing.Documents;
import io.kinesisopensearch.localstack.testing.Figures;
import io.kinesisopensearch.localstack.testing.Workers;
import io.kinesisopensearch.sink.deadletter.DeadLetter;
import io.kinesisopensearch.sink.deadletter.LocalDirectoryDeadLetterSink;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Files that arrive one by one: the S3 {@code ObjectCreated} function loads each new object (its key
 * URL-encoded in the notification, as S3 sends it) through the worker's mapping; a bad row goes to
 * the dead letters and the object is done; with OpenSearch away the invocation fails, so that
 * Lambda invokes again, and the retry loads the object without writing a row twice.
 */
@ExtendWith(LocalStackExtension.class)
class S3EventHandlerIT {

    @Test
    void eachCreatedObjectIsLoadedAndAnOutageFailsTheInvocationForLambdasRetry(LocalStack stack) throws Exception {
        Figures figures = new Figures("lambda-s3-objects");
        String bucket = Workers.unique("arrivals");
        String index = Workers.unique("lambda-customers");
        Path deadLetters = stack.workDir().resolve(Workers.unique("lambda-s3-dead-letters"));
        stack.s3Endpoint();
        Map<String, String> settings = new HashMap<>(stack.workerSettings());
        settings.put("OPENSEARCH_INDEX", index);
        settings.put("MAPPING_CSV_TYPES", "id:number,amount:number");
        settings.put("MAPPING_ID_POINTER", "/id");
        settings.put("DEADLETTER_URI", "file:" + deadLetters);
        settings.put("LAMBDA_TIME_RESERVE", "1s");
        try (S3Client s3 = stack.s3()) {
            s3.createBucket(create -> create.bucket(bucket));
            String first = "incoming/day 1+2.csv"; // S3 notifies it as incoming/day+1%2B2.csv
            put(s3, bucket, first, csv(0, 500, 123).getBytes());
            put(s3, bucket, "incoming/day-3.ndjson.gz", Gzip.compress(ndjson(500, 300)));

            S3EventHandler handler = new S3EventHandler(Settings.of(settings));
            String answer = handler.handleRequest(event(bucket, "incoming/day+1%2B2.csv", "incoming/day-3.ndjson.gz"),
                    context(300_000));
            assertThat(answer).as("the summary line with the rows' ledger").isEqualTo("Loaded 2 objects: 800 rows,"
                    + " 1 dead letters; rows received 800 = acknowledged 799 + stale 0 + coalesced 0 + dead-lettered 1"
                    + " + released 0 + pending 0");
            assertThat(Documents.all(stack.openSearch(), index)).hasSize(799);
            List<DeadLetter> letters = new LocalDirectoryDeadLetterSink(deadLetters).readAll().stream()
                    .flatMap(file -> file.letters().stream()).toList();
            assertThat(letters).singleElement().satisfies(letter -> {
                assertThat(letter.coordinates().shardId()).isEqualTo(first);
                assertThat(letter.coordinates().sequenceNumber()).isEqualTo("125");
            });

            // OpenSearch away (a port nobody listens on): the invocation fails once its time is nearly up.
            put(s3, bucket, "incoming/day-4.csv", csv(1_000, 200, -1).getBytes());
            Map<String, String> away = new HashMap<>(settings);
            try (ServerSocket socket = new ServerSocket(0)) {
                away.put("OPENSEARCH_URL", "http://127.0.0.1:" + socket.getLocalPort());
            }
            long started = System.nanoTime();
            assertThatThrownBy(() -> new S3EventHandler(Settings.of(away))
                    .handleRequest(event(bucket, "incoming/day-4.csv"), context(4_000)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("Lambda will invoke again");
            long failedAfterMillis = (System.nanoTime() - started) / 1_000_000;
            // Lambda's retry, OpenSearch back: the object is loaded, and loading the first again rewrites it.
            String retried = handler.handleRequest(event(bucket, "incoming/day-4.csv", "incoming/day+1%2B2.csv"),
                    context(300_000));
            assertThat(retried).isEqualTo("Loaded 2 objects: 700 rows, 1 dead letters; rows received 700 ="
                    + " acknowledged 699 + stale 0 + coalesced 0 + dead-lettered 1 + released 0 + pending 0");
            List<Documents.Stored> documents = Documents.all(stack.openSearch(), index);
            assertThat(documents).hasSize(999);
            figures.put("objects", 3).put("rows", 1_000).put("documents", documents.size())
                    .put("dead_letters", letters.size()).put("outage_failed_after_ms", failedAfterMillis)
                    .print();
        }
    }

    private static String csv(int first, int count, int badAmount) {
        StringBuilder text = new StringBuilder("id,name,amount\n");
        for (int id = first; id < first + count; id++) {
            text.append(id).append(",customer ").append(id).append(',')
                    .append(id - first == badAmount ? "n/a" : id % 100 + ".25").append('\n');
        }
        return text.toString();
    }

    private static String ndjson(int first, int count) {
        StringBuilder text = new StringBuilder();
        for (int id = first; id < first + count; id++) {
            text.append("{\"id\":").append(id).append(",\"name\":\"customer ").append(id).append("\"}\n");
        }
        return text.toString();
    }

    private static void put(S3Client s3, String bucket, String key, byte[] data) {
        s3.putObject(put -> put.bucket(bucket).key(key), RequestBody.fromBytes(data));
    }

    /** An ObjectCreated notification of {@code keys}, URL-encoded as S3 writes them. */
    private static S3Event event(String bucket, String... keys) {
        List<S3EventNotification.S3EventNotificationRecord> records = java.util.Arrays.stream(keys)
                .map(key -> new S3EventNotification.S3EventNotificationRecord("us-east-1", "ObjectCreated:Put",
                        "aws:s3", null, "2.1", null, null,
                        new S3EventNotification.S3Entity("load", new S3EventNotification.S3BucketEntity(bucket, null,
                                "arn:aws:s3:::" + bucket), new S3EventNotification.S3ObjectEntity(key, 1L, "etag", null,
                                "0055AED6DCD90281E5"), "1.0"), null))
                .toList();
        return new S3Event(records);
    }

    private static Context context(long remainingMillis) {
        long end = System.currentTimeMillis() + remainingMillis;
        return (Context) Proxy.newProxyInstance(S3EventHandlerIT.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRemainingTimeInMillis" -> (int) Math.max(0, end - System.currentTimeMillis());
                    case "getMemoryLimitInMB" -> 1024;
                    case "toString" -> "test context";
                    default -> null;
                });
    }
}
