package io.kinesisopensearch.localstack.rekognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.S3EventNotifier;
import io.kinesisopensearch.localstack.rekognition.RekognitionStandIn.Throttling;
import io.kinesisopensearch.localstack.rekognition.SampleImages.SampleImage;
import io.kinesisopensearch.localstack.testing.Workers;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.DetectLabelsResponse;
import software.amazon.awssdk.services.rekognition.model.InvalidImageFormatException;
import software.amazon.awssdk.services.rekognition.model.InvalidS3ObjectException;
import software.amazon.awssdk.services.rekognition.model.Label;
import software.amazon.awssdk.services.rekognition.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The stack's parts for images made searchable (issue 21), together: images put into S3Mock, S3's
 * ObjectCreated notifications in an ElasticMQ queue, and the Rekognition stand-in reading each
 * notified object from S3Mock by bucket, URL-decoded key and version, answering the sample's labels;
 * a missing object or a non-image refused as Rekognition refuses them; throttling through the stack.
 */
@ExtendWith(LocalStackExtension.class)
class ImageLabelsStackIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void notifiedImagesAreLabelledFromS3AndRefusalsAreRekognitions(LocalStack stack) throws Exception {
        SampleImages samples = SampleImages.load();
        String bucket = Workers.unique("photos");
        stack.rekognitionEndpoint();
        assertThat(stack.workerSettings()).containsKeys("AWS_ENDPOINT_URL_REKOGNITION", "AWS_ENDPOINT_URL_S3");
        try (S3Client s3 = stack.s3(); SqsClient sqs = stack.sqs(); RekognitionClient rekognition = rekognition(stack)) {
            assertThat(stack.workerSettings()).containsEntry("AWS_ENDPOINT_URL_SQS", stack.sqsEndpoint().toString());
            s3.createBucket(create -> create.bucket(bucket));
            String queueUrl = sqs.createQueue(create -> create.queueName(Workers.unique("image-events"))).queueUrl();
            S3EventNotifier notifier = new S3EventNotifier(s3, sqs, queueUrl, stack.region().id());

            // Keys that say nothing of the pictures, one with a space and a plus for S3's key encoding.
            Map<String, SampleImage> byKey = new HashMap<>();
            int number = 0;
            for (SampleImage sample : samples.all()) {
                String key = "camera roll/IMG_000" + (++number) + (number == 3 ? " +1" : "")
                        + (sample.file().endsWith(".png") ? ".png" : ".jpg");
                notifier.put(bucket, key, sample.bytes(), sample.contentType());
                byKey.put(key, sample);
            }
            List<JsonNode> records = receiveRecords(sqs, queueUrl, byKey.size());
            assertThat(records).extracting(record -> record.path("s3").path("object").path("key").asText())
                    .contains("camera+roll/IMG_0003+%2B1.png");
            for (JsonNode record : records) {
                assertThat(record.path("eventName").asText()).isEqualTo("ObjectCreated:Put");
                String notifiedBucket = record.path("s3").path("bucket").path("name").asText();
                String key = URLDecoder.decode(record.path("s3").path("object").path("key").asText(), StandardCharsets.UTF_8);
                SampleImage expected = byKey.get(key);
                assertThat(expected).as(key).isNotNull();
                assertThat(record.path("s3").path("object").path("size").asLong()).isEqualTo(expected.bytes().length);
                DetectLabelsResponse labels = rekognition.detectLabels(request -> request.image(image -> image
                        .s3Object(object -> object.bucket(notifiedBucket).name(key))).maxLabels(5));
                assertThat(labels.labels()).extracting(Label::name).as(key)
                        .containsExactlyElementsOf(expected.labelNames().subList(0, 5));
            }

            assertThatThrownBy(() -> rekognition.detectLabels(request -> request.image(image -> image
                    .s3Object(object -> object.bucket(bucket).name("camera roll/IMG_0099.jpg")))))
                    .isInstanceOf(InvalidS3ObjectException.class);
            assertThatThrownBy(() -> rekognition.detectLabels(request -> request.image(image -> image
                    .s3Object(object -> object.bucket(Workers.unique("no-such-bucket")).name("dog.jpg")))))
                    .isInstanceOf(InvalidS3ObjectException.class);
            s3.putObject(put -> put.bucket(bucket).key("notes/dog.jpg").contentType("image/jpeg"),
                    RequestBody.fromString("not a picture of a dog"));
            assertThatThrownBy(() -> rekognition.detectLabels(request -> request.image(image -> image
                    .s3Object(object -> object.bucket(bucket).name("notes/dog.jpg")))))
                    .isInstanceOf(InvalidImageFormatException.class);

            // A versioned bucket: each version is labelled by its own bytes.
            String versioned = Workers.unique("versioned-photos");
            s3.createBucket(create -> create.bucket(versioned));
            s3.putBucketVersioning(put -> put.bucket(versioned)
                    .versioningConfiguration(configuration -> configuration.status(BucketVersioningStatus.ENABLED)));
            String first = s3.putObject(put -> put.bucket(versioned).key("latest.jpg"),
                    RequestBody.fromBytes(samples.named("dog.jpg").bytes())).versionId();
            s3.putObject(put -> put.bucket(versioned).key("latest.jpg"), RequestBody.fromBytes(samples.named("cat.png").bytes()));
            assertThat(topLabel(rekognition, versioned, "latest.jpg", first)).isEqualTo("Dog");
            assertThat(topLabel(rekognition, versioned, "latest.jpg", null)).isEqualTo("Cat");

            RekognitionStandIn standIn = stack.rekognitionStandIn().orElseThrow();
            standIn.throttleNext(1, Throttling.PROVISIONED_THROUGHPUT_EXCEEDED);
            String dogKey = byKey.entrySet().stream().filter(entry -> entry.getValue().file().equals("dog.jpg"))
                    .findFirst().orElseThrow().getKey();
            assertThatThrownBy(() -> topLabel(rekognition, bucket, dogKey, null))
                    .isInstanceOf(ProvisionedThroughputExceededException.class);
            assertThat(topLabel(rekognition, bucket, dogKey, null)).isEqualTo("Dog");
        }
    }

    private static String topLabel(RekognitionClient rekognition, String bucket, String key, String version) {
        return rekognition.detectLabels(request -> request.image(image -> image
                .s3Object(object -> object.bucket(bucket).name(key).version(version))).maxLabels(1))
                .labels().get(0).name();
    }

    private static List<JsonNode> receiveRecords(SqsClient sqs, String queueUrl, int count) throws Exception {
        List<JsonNode> records = new ArrayList<>();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (records.size() < count && System.nanoTime() < deadline) {
            for (Message message : sqs.receiveMessage(receive -> receive.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(2)).messages()) {
                JsonNode event = JSON.readTree(message.body());
                assertThat(event.path("Records")).hasSize(1);
                records.add(event.path("Records").get(0));
                sqs.deleteMessage(delete -> delete.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
        assertThat(records).hasSize(count);
        return records;
    }

    private static RekognitionClient rekognition(LocalStack stack) {
        Map<String, String> settings = stack.workerSettings();
        return RekognitionClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(stack.rekognitionEndpoint())
                .region(Region.of(settings.get("AWS_REGION")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        settings.getOrDefault("AWS_ACCESS_KEY_ID", "local"), settings.getOrDefault("AWS_SECRET_ACCESS_KEY", "local"))))
                .overrideConfiguration(configuration -> configuration.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
