package io.kinesisopensearch.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.sink.deadletter.DeadLetter;
import io.kinesisopensearch.sink.deadletter.DeadLetterConfig;
import io.kinesisopensearch.sink.deadletter.DeadLetterSink;
import io.kinesisopensearch.sink.deadletter.DeadLetterSinks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQS handler on the SAM CLI's sample SQS event, with S3, Rekognition and OpenSearch all away:
 * a message that is no S3 event is a dead letter and done, S3's test event is done, and a created
 * object that cannot be read now is a batch item failure, never a dead letter. The S3 and Rekognition
 * clients are on the class path without KCL, as in the function.
 */
class SqsEventHandlerTest {

    private static final String SAMPLE_ID = "19dd0b57-b21e-4ac1-bd88-01bbb068cb78";

    @TempDir
    Path deadLetters;

    private Settings settings() {
        Map<String, String> settings = new HashMap<>();
        String away = "http://127.0.0.1:" + Events.deadPort();
        settings.put("opensearch.url", away);
        settings.put("opensearch.index", "catalogue");
        settings.put("aws.endpoint-url.s3", away);
        settings.put("aws.endpoint-url.rekognition", away);
        settings.put("aws.region", "us-east-1");
        settings.put("aws.access-key-id", "local");
        settings.put("aws.secret-access-key", "local");
        settings.put("deadletter.uri", deadLetters.toUri().toString());
        return Settings.of(settings);
    }

    @Test
    void poisonIsADeadLetterTheTestEventIsDoneAndAnUnreadableObjectComesBack() throws Exception {
        SQSEvent event = Events.sample("sqs-event.json", SQSEvent.class);
        SQSEvent.SQSMessage created = event.getRecords().get(0);
        List<SQSEvent.SQSMessage> messages = new ArrayList<>(List.of(created,
                message("poison", "this is not an S3 event"),
                message("test", "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Bucket\":\"example-bucket\"}")));
        event.setRecords(messages);

        SqsEventHandler handler = new SqsEventHandler(settings());
        SQSBatchResponse response;
        try {
            response = handler.handleRequest(event, Events.context(60_000));
        } finally {
            handler.pipeline().close();
        }

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(SAMPLE_ID);
        try (DeadLetterSink sink = DeadLetterSinks.open(DeadLetterConfig.from(settings()), () -> null)) {
            List<DeadLetter> letters = sink.readAll().stream().flatMap(file -> file.letters().stream()).toList();
            assertThat(letters).singleElement().satisfies(letter -> {
                assertThat(letter.coordinates().stream()).isEqualTo("sqs:s3-events");
                assertThat(letter.coordinates().sequenceNumber()).isEqualTo("poison");
                assertThat(letter.reason()).startsWith("not an S3 event: not JSON");
            });
        }
    }

    private static SQSEvent.SQSMessage message(String id, String body) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(id);
        message.setBody(body);
        message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        message.setEventSourceArn("arn:aws:sqs:us-east-1:123456789012:s3-events");
        return message;
    }
}
