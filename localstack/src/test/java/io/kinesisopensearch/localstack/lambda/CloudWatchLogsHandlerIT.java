package io.kinesisopensearch.localstack.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.CloudWatchLogsEvent;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.decode.Gzip;
import io.kinesisopensearch.lambda.CloudWatchLogsHandler;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.testing.Documents;
import io.kinesisopensearch.localstack.testing.Figures;
import io.kinesisopensearch.localstack.testing.Workers;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A CloudWatch Logs subscription into the Lambda function, on the real OpenSearch: AWS's sample
 * subscription event becomes its two documents, with the log events' ids; CloudWatch Logs' retry of
 * the same event rewrites them and adds none; a control message writes nothing; a payload of 1,000
 * log events becomes 1,000 documents.
 */
@ExtendWith(LocalStackExtension.class)
class CloudWatchLogsHandlerIT {

    /**
     * The CloudWatch Logs event of the SAM CLI and the Lambda console's test event template
     * ({@code samcli/lib/generated_sample_events/events/cloudwatch/CloudwatchLogs.json}): two log
     * events of {@code testLogGroup}, as lambda/src/test/resources/events/cloudwatch-logs-event.json.
     */
    private static final String SAMPLE_DATA = "H4sIAAAAAAAAAHWPwQqCQBCGX0Xm7EFtK+smZBEUgXoLCdMhFtKV3akI8d0bLYmibvPPN3wz00CJxmQnTO41whwWQRIctmEcB6sQbFC3CjW3XW8kxpOpP+OC22d1Wml1qZkQGtoMsScxaczKN3plG8zlaHIta5KqWsozoTYw3/djzwhpLwivWFGHGpAFe7DL68JlBUk+l7KSN7tCOEJ4M3/qOI49vMHj+zCKdlFqLaU2ZHV2a4Ct/an0/ivdX8oYc1UVX860fQDQiMdxRQEAAA==";

    @Test
    void theSampleSubscriptionEventBecomesItsDocumentsAndARetryWritesNoneTwice(LocalStack stack) {
        Figures figures = new Figures("lambda-cloudwatch-logs");
        String index = Workers.unique("lambda-logs");
        Map<String, String> settings = new HashMap<>(stack.workerSettings());
        settings.put("OPENSEARCH_INDEX", index);
        settings.put("MAPPING_FORMAT", "cloudwatch-logs");
        settings.put("DEADLETTER_URI", "file:" + stack.workDir().resolve(Workers.unique("lambda-logs-dead-letters")));
        CloudWatchLogsHandler handler = new CloudWatchLogsHandler(Settings.of(settings));

        assertThat(handler.handleRequest(event(SAMPLE_DATA), context())).isEqualTo("Wrote 2 log events");

        List<Documents.Stored> documents = Documents.all(stack.openSearch(), index);
        assertThat(documents).extracting(Documents.Stored::id).containsExactly("eventId1", "eventId2");
        Documents.Stored first = documents.get(0);
        assertThat(first.source().path("message").asText()).isEqualTo("[ERROR] First test message");
        assertThat(first.source().path("logGroup").asText()).isEqualTo("testLogGroup");
        assertThat(first.source().path("logStream").asText()).isEqualTo("testLogStream");
        assertThat(first.source().path("owner").asText()).isEqualTo("123456789123");
        assertThat(Instant.parse(first.source().path("@timestamp").asText())).isEqualTo(Instant.ofEpochMilli(1440442987000L));
        assertThat(Instant.parse(documents.get(1).source().path("@timestamp").asText()))
                .isEqualTo(Instant.ofEpochMilli(1440442987001L));

        // CloudWatch Logs' retry of the same event (after a failed invocation): the same two documents.
        handler.handleRequest(event(SAMPLE_DATA), context());
        List<Documents.Stored> retried = Documents.all(stack.openSearch(), index);
        assertThat(retried).extracting(Documents.Stored::id).containsExactly("eventId1", "eventId2");
        assertThat(retried).allSatisfy(document -> assertThat(document.version()).isEqualTo(2));

        // The control message CloudWatch Logs sends when the subscription is made: nothing written.
        String control = "{\"messageType\":\"CONTROL_MESSAGE\",\"owner\":\"CloudwatchLogs\",\"logGroup\":\"\",\"logStream\":\"\","
                + "\"subscriptionFilters\":[],\"logEvents\":[{\"id\":\"\",\"timestamp\":1432826855000,"
                + "\"message\":\"CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.\"}]}";
        assertThat(handler.handleRequest(event(encode(control)), context())).isEqualTo("Wrote 0 log events");

        // A busy group's payload: 1,000 log events, one document each.
        StringBuilder busy = new StringBuilder("{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"111111111111\","
                + "\"logGroup\":\"/aws/lambda/checkout\",\"logStream\":\"2026/11/24/[$LATEST]abc\","
                + "\"subscriptionFilters\":[\"to-opensearch\"],\"logEvents\":[");
        for (int i = 0; i < 1_000; i++) {
            busy.append(i == 0 ? "" : ",").append("{\"id\":\"3700000000000000000000000000000000000000000000").append(1_000 + i)
                    .append("\",\"timestamp\":").append(1_795_000_000_000L + i).append(",\"message\":\"order o-").append(i)
                    .append(" paid\"}");
        }
        long started = System.nanoTime();
        assertThat(handler.handleRequest(event(encode(busy.append("]}").toString())), context()))
                .isEqualTo("Wrote 1000 log events");
        long busyMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(Documents.all(stack.openSearch(), index)).hasSize(1_002);
        figures.put("sample_documents", 2).put("after_retry", retried.size()).put("control_documents", 0)
                .put("busy_payload_documents", 1_000).put("busy_payload_ms", busyMillis).print();
    }

    private static CloudWatchLogsEvent event(String data) {
        return new CloudWatchLogsEvent().withAwsLogs(new CloudWatchLogsEvent.AWSLogs().withData(data));
    }

    private static String encode(String payload) {
        return Base64.getEncoder().encodeToString(Gzip.compress(payload));
    }

    private static Context context() {
        long end = System.currentTimeMillis() + 120_000;
        return (Context) Proxy.newProxyInstance(CloudWatchLogsHandlerIT.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRemainingTimeInMillis" -> (int) Math.max(0, end - System.currentTimeMillis());
                    case "getAwsRequestId" -> "logs-request";
                    case "getFunctionName" -> "logs-to-opensearch";
                    case "toString" -> "test context";
                    default -> null;
                });
    }
}
