package io.kinesisopensearch.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.CloudWatchLogsEvent;
import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.sink.deadletter.DeadLetter;
import io.kinesisopensearch.sink.deadletter.DeadLetterConfig;
import io.kinesisopensearch.sink.deadletter.DeadLetterSink;
import io.kinesisopensearch.sink.deadletter.DeadLetterSinks;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CloudWatch Logs handler without OpenSearch: the format it needs, a payload that does not
 * decode as a dead letter, and AWS's sample event failing the invocation before its time runs out.
 * Its documents on the real OpenSearch are in localstack's {@code CloudWatchLogsHandlerIT}.
 */
class CloudWatchLogsHandlerTest {

    @TempDir
    Path deadLetters;

    private Map<String, String> settings(String format) {
        Map<String, String> settings = new HashMap<>();
        settings.put("opensearch.url", "http://127.0.0.1:" + Events.deadPort());
        settings.put("opensearch.index", "logs");
        settings.put("mapping.format", format);
        settings.put("deadletter.uri", deadLetters.toUri().toString());
        settings.put("lambda.time-reserve", "1s");
        settings.put("bulk.retry-initial-delay", "50ms");
        settings.put("bulk.retry-max-delay", "200ms");
        return settings;
    }

    @Test
    void itNeedsTheCloudWatchLogsFormat() {
        assertThatThrownBy(() -> new CloudWatchLogsHandler(Settings.of(settings("json"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("must be cloudwatch-logs for the CloudWatch Logs subscription handler");
    }

    @Test
    void aPayloadThatDoesNotDecodeIsADeadLetterAndTheInvocationSucceeds() throws Exception {
        CloudWatchLogsHandler handler = new CloudWatchLogsHandler(Settings.of(settings("cloudwatch-logs")));
        CloudWatchLogsEvent event = new CloudWatchLogsEvent().withAwsLogs(new CloudWatchLogsEvent.AWSLogs()
                .withData("bm90IGd6aXA=")); // "not gzip"

        assertThat(handler.handleRequest(event, Events.context(10_000))).isEqualTo("Wrote 0 log events");

        try (DeadLetterSink sink = DeadLetterSinks.open(DeadLetterConfig.from(Settings.of(settings("json"))), () -> null)) {
            List<DeadLetter> letters = sink.readAll().stream().flatMap(file -> file.letters().stream()).toList();
            assertThat(letters).singleElement().satisfies(letter -> {
                assertThat(letter.coordinates().stream()).isEqualTo("cloudwatch-logs");
                assertThat(letter.coordinates().sequenceNumber()).isEqualTo("test-request");
                assertThat(letter.reason()).containsIgnoringCase("gzip");
            });
        }
    }

    @Test
    void withOpenSearchAwayTheInvocationFailsBeforeItsTimeRunsOut() {
        CloudWatchLogsHandler handler = new CloudWatchLogsHandler(Settings.of(settings("cloudwatch-logs")));
        CloudWatchLogsEvent event = Events.sample("cloudwatch-logs-event.json", CloudWatchLogsEvent.class);
        long start = System.nanoTime();

        assertThatThrownBy(() -> handler.handleRequest(event, Events.context(3_000)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("retried by Lambda");

        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(1_000L, 2_900L);
    }
}
