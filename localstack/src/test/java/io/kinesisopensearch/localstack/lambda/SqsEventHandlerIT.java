package io.kinesisopensearch.localstack.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.lambda.SqsEventHandler;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.S3EventNotifier;
import io.kinesisopensearch.localstack.rekognition.SampleImages;
import io.kinesisopensearch.localstack.testing.Documents;
import io.kinesisopensearch.localstack.testing.Figures;
import io.kinesisopensearch.localstack.testing.Workers;
import io.kinesisopensearch.sink.deadletter.DeadLetter;
import io.kinesisopensearch.sink.deadletter.LocalDirectoryDeadLetterSink;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The SQS function as Lambda's event-source mapping runs it: messages received from the queue
 * (ElasticMQ) handed over as an {@code SQSEvent}, those not answered as failures deleted. One batch
 * holds the three shapes S3 events come in (straight from S3, through SNS, from EventBridge), a
 * photo Rekognition refuses (a dead letter naming it) and a notification of an object that does not
 * exist: only that one is a batch item failure. At its last receive it is a dead letter with its
 * reason and the queue is empty.
 */
@ExtendWith(LocalStackExtension.class)
class SqsEventHandlerIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aBatchWithOneFailingObjectAnswersExactlyThatMessage(LocalStack stack) throws Exception {
        Figures figures = new Figures("lambda-sqs-s3-events");
        String bucket = Workers.unique("lambda-bookshop");
        String catalogue = Workers.unique("lambda-sqs-catalogue");
        String photos = Workers.unique("lambda-sqs-photos");
        Path deadLetters = stack.workDir().resolve(Workers.unique("lambda-sqs-dead-letters"));
        stack.rekognitionEndpoint();
        try (S3Client s3 = stack.s3(); SqsClient sqs = stack.sqs()) {
            s3.createBucket(create -> create.bucket(bucket));
            String queueName = Workers.unique("lambda-s3-events");
            String queueUrl = sqs.createQueue(create -> create.queueName(queueName)
                    .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1"))).queueUrl();
            S3EventNotifier notifier = new S3EventNotifier(s3, sqs, queueUrl, stack.region().id());
            Map<String, String> settings = new HashMap<>(stack.workerSettings());
            settings.put("OPENSEARCH_INDEX", catalogue);
            settings.put("IMAGES_INDEX", photos);
            settings.put("SQS_MAX_RECEIVES", "2");
            settings.put("DEADLETTER_URI", "file:" + deadLetters);
            settings.put("LAMBDA_TIME_RESERVE", "2s");

            notifier.put(bucket, "catalogue/new arrivals.csv", csv("978100", 30).getBytes(StandardCharsets.UTF_8), "text/csv");
            put(s3, bucket, "catalogue/classics.csv", csv("978200", 20));
            notifier.send(throughSns(notifier.objectCreated(bucket, "catalogue/classics.csv", 0, "etag", null)));
            byte[] dog = SampleImages.load().named("dog.jpg").bytes();
            s3.putObject(put -> put.bucket(bucket).key("photos/rex.jpg").contentType("image/jpeg"), RequestBody.fromBytes(dog));
            notifier.send(fromEventBridge("Object Created", bucket, "photos/rex.jpg"));
            notifier.send(notifier.objectCreated(bucket, "catalogue/never uploaded.csv", 100, "etag", null));
            // A "photo" Rekognition refuses: a dead letter naming it, and the message is done.
            notifier.put(bucket, "photos/notes.jpg", "not a picture".getBytes(StandardCharsets.UTF_8), "image/jpeg");

            SqsEventHandler handler = new SqsEventHandler(Settings.of(settings));
            try {
                List<Message> batch = receive(sqs, queueUrl, 5);
                String missing = batch.stream().filter(message -> message.body().contains("never+uploaded"))
                        .findFirst().orElseThrow().messageId();
                SQSBatchResponse first = invoke(handler, sqs, queueUrl, queueName, batch);

                assertThat(first.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                        .containsExactly(missing);
                assertThat(Documents.all(stack.openSearch(), catalogue)).hasSize(50);
                assertThat(Documents.all(stack.openSearch(), photos)).singleElement().satisfies(photo -> {
                    assertThat(photo.id()).isEqualTo(bucket + "/photos/rex.jpg");
                    assertThat(photo.source().path("labels").get(0).path("name").asText()).isEqualTo("Dog");
                });

                // Its second receive is its last (SQS_MAX_RECEIVES=2): a dead letter, and no failure.
                List<Message> again = receive(sqs, queueUrl, 1);
                assertThat(again).extracting(Message::messageId).containsExactly(missing);
                assertThat(again.get(0).attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).isEqualTo("2");
                SQSBatchResponse second = invoke(handler, sqs, queueUrl, queueName, again);
                assertThat(second.getBatchItemFailures()).isEmpty();

                // EventBridge's Object Deleted, once the object is gone: its documents go too.
                s3.deleteObject(delete -> delete.bucket(bucket).key("catalogue/classics.csv"));
                notifier.send(fromEventBridge("Object Deleted", bucket, "catalogue/classics.csv"));
                SQSBatchResponse third = invoke(handler, sqs, queueUrl, queueName, receive(sqs, queueUrl, 1));
                assertThat(third.getBatchItemFailures()).isEmpty();
                assertThat(Documents.all(stack.openSearch(), catalogue)).hasSize(30)
                        .allSatisfy(book -> assertThat(book.source().path("s3").path("key").asText())
                                .isEqualTo("catalogue/new arrivals.csv"));
            } finally {
                handler.pipeline().close();
            }

            List<DeadLetter> letters = new LocalDirectoryDeadLetterSink(deadLetters).readAll().stream()
                    .flatMap(file -> file.letters().stream()).toList();
            assertThat(letters).hasSize(2);
            assertThat(letters).anySatisfy(letter -> {
                assertThat(letter.coordinates().stream()).isEqualTo("sqs:" + queueName);
                assertThat(letter.reason()).startsWith("received 2 times (sqs.max-receives 2), failing each time: s3://"
                        + bucket + "/catalogue/never uploaded.csv: S3 answered 404");
            });
            assertThat(letters).anySatisfy(letter -> {
                assertThat(letter.coordinates().shardId()).isEqualTo("photos/notes.jpg");
                assertThat(letter.reason()).startsWith("Rekognition refused s3://" + bucket
                        + "/photos/notes.jpg: InvalidImageFormatException");
            });
            assertThat(sqs.receiveMessage(receive -> receive.queueUrl(queueUrl).waitTimeSeconds(2)).messages()).isEmpty();
            figures.put("messages", 6).put("batch_item_failures", 1).put("books", 30).put("photos", 1)
                    .put("dead_letters", letters.size()).print();
        }
    }

    /** Hands {@code messages} to the handler as Lambda does, and deletes those not answered as failures. */
    private static SQSBatchResponse invoke(SqsEventHandler handler, SqsClient sqs, String queueUrl, String queueName,
            List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message message : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.messageId());
            record.setReceiptHandle(message.receiptHandle());
            record.setBody(message.body());
            record.setAttributes(Map.of("ApproximateReceiveCount",
                    message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)));
            record.setEventSource("aws:sqs");
            record.setEventSourceArn("arn:aws:sqs:us-east-1:000000000000:" + queueName);
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        SQSBatchResponse response = handler.handleRequest(event, context(Duration.ofMinutes(2)));
        List<String> failed = response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .toList();
        for (Message message : messages) {
            if (!failed.contains(message.messageId())) {
                sqs.deleteMessage(delete -> delete.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
        return response;
    }

    private static List<Message> receive(SqsClient sqs, String queueUrl, int count) {
        List<Message> messages = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (messages.size() < count && System.nanoTime() < deadline) {
            messages.addAll(sqs.receiveMessage(receive -> receive.queueUrl(queueUrl).maxNumberOfMessages(count - messages.size())
                    .waitTimeSeconds(2).visibilityTimeout(5)
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages());
        }
        assertThat(messages).hasSize(count);
        return messages;
    }

    /** {@code notification} as an SNS topic delivers it to a queue without raw message delivery. */
    private static String throughSns(String notification) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("Type", "Notification").put("MessageId", "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324")
                .put("TopicArn", "arn:aws:sns:us-east-1:000000000000:bookshop-events")
                .put("Subject", "Amazon S3 Notification").put("Message", notification)
                .put("Timestamp", "2026-11-24T00:00:00.000Z").put("SignatureVersion", "1");
        return envelope.toString();
    }

    /** An S3 event as EventBridge delivers it to a queue target: the key as it is, not URL-encoded. */
    private static String fromEventBridge(String type, String bucket, String key) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0").put("id", "17793124-05d4-b198-2fde-7ededc63b103").put("detail-type", type)
                .put("source", "aws.s3").put("account", "000000000000").put("time", "2026-11-24T00:00:00Z")
                .put("region", "us-east-1").putArray("resources").add("arn:aws:s3:::" + bucket);
        ObjectNode detail = event.putObject("detail");
        detail.put("version", "0").putObject("bucket").put("name", bucket);
        detail.putObject("object").put("key", key).put("sequencer", "617f08299329d189");
        detail.put("reason", type.equals("Object Created") ? "PutObject" : "DeleteObject");
        return event.toString();
    }

    private static void put(S3Client s3, String bucket, String key, String text) {
        s3.putObject(put -> put.bucket(bucket).key(key).contentType("text/csv"), RequestBody.fromString(text));
    }

    private static String csv(String prefix, int rows) {
        StringBuilder text = new StringBuilder("isbn,title\n");
        for (int row = 0; row < rows; row++) {
            text.append(prefix).append(String.format("%07d", row)).append(",Title ").append(row).append('\n');
        }
        return text.toString();
    }

    private static Context context(Duration remaining) {
        long end = System.currentTimeMillis() + remaining.toMillis();
        return (Context) Proxy.newProxyInstance(SqsEventHandlerIT.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRemainingTimeInMillis" -> (int) Math.max(0, end - System.currentTimeMillis());
                    case "getAwsRequestId" -> "sqs-request";
                    case "toString" -> "test context";
                    default -> null;
                });
    }
}
