package io.kinesisopensearch.localstack.rekognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.localstack.rekognition.RekognitionStandIn.Throttling;
import io.kinesisopensearch.localstack.rekognition.SampleImages.SampleImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.DetectLabelsFeatureName;
import software.amazon.awssdk.services.rekognition.model.DetectLabelsRequest;
import software.amazon.awssdk.services.rekognition.model.DetectLabelsResponse;
import software.amazon.awssdk.services.rekognition.model.Image;
import software.amazon.awssdk.services.rekognition.model.ImageTooLargeException;
import software.amazon.awssdk.services.rekognition.model.InvalidImageFormatException;
import software.amazon.awssdk.services.rekognition.model.InvalidParameterException;
import software.amazon.awssdk.services.rekognition.model.InvalidS3ObjectException;
import software.amazon.awssdk.services.rekognition.model.Label;
import software.amazon.awssdk.services.rekognition.model.Parent;
import software.amazon.awssdk.services.rekognition.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.rekognition.model.RekognitionException;
import software.amazon.awssdk.services.rekognition.model.ThrottlingException;

/**
 * The stand-in as the AWS SDK's {@code RekognitionClient} sees it: the fixture's labels for each
 * sample, by content and not by key; MaxLabels, MinConfidence and the label filters; every refusal
 * mapped by the SDK to its exception class; throttling, with and without the SDK's retries. S3
 * objects come from a map here; RekognitionStandInIT reads them from S3Mock.
 */
class RekognitionStandInTest {

    private static final String BUCKET = "photos";

    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final RekognitionStandIn standIn = RekognitionStandIn.start((bucket, name, version, limit) -> {
        byte[] object = objects.get(bucket + "/" + name + (version == null ? "" : "?versionId=" + version));
        return Optional.ofNullable(object).map(bytes -> Arrays.copyOf(bytes, Math.min(bytes.length, limit + 1)));
    });
    private final SampleImages samples = standIn.samples();
    private final RekognitionClient rekognition = client(false);
    private final RekognitionClient retrying = client(true);

    @AfterEach
    void close() {
        rekognition.close();
        retrying.close();
        standIn.close();
    }

    @Test
    void eachSampleGetsItsLabelsWhetherSentAsBytesOrReadFromS3UnderAnyKey() {
        for (SampleImage sample : samples.all()) {
            DetectLabelsResponse byBytes = rekognition.detectLabels(request -> request.image(bytes(sample.bytes())));
            List<String> expected = sample.labels().stream()
                    .filter(label -> label.path("Confidence").asDouble() >= 55)
                    .map(label -> label.path("Name").asText())
                    .toList();
            assertThat(names(byBytes)).as(sample.file()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(names(byBytes)).as("highest confidence first").isEqualTo(sample.labelNames().subList(0, expected.size()));
            assertThat(byBytes.labelModelVersion()).isEqualTo("3.0");

            // Stored under another picture's name: the bytes decide, not the key.
            String key = "uploads/" + (sample.file().startsWith("dog") ? "cat.png" : "dog.jpg");
            objects.put(BUCKET + "/" + key, sample.bytes());
            DetectLabelsResponse fromS3 = rekognition.detectLabels(request -> request.image(s3(key, null)));
            assertThat(fromS3.labels()).isEqualTo(byBytes.labels());
        }
        Label dog = rekognition.detectLabels(request -> request.image(bytes(samples.named("dog.jpg").bytes())))
                .labels().get(0);
        assertThat(dog.name()).isEqualTo("Dog");
        assertThat(dog.confidence()).isEqualTo(98.87354f);
        assertThat(dog.parents()).extracting(Parent::name).containsExactly("Animal", "Canine", "Mammal", "Pet");
        assertThat(dog.categories()).singleElement().satisfies(category -> assertThat(category.name()).isEqualTo("Animals and Pets"));
        assertThat(dog.instances()).singleElement().satisfies(instance -> {
            assertThat(instance.boundingBox().left()).isEqualTo(0.23f);
            assertThat(instance.boundingBox().width()).isEqualTo(0.64f);
            assertThat(instance.confidence()).isEqualTo(98.87354f);
        });
        assertThat(dog.aliases()).isEmpty();
        Label bicycle = rekognition.detectLabels(request -> request.image(bytes(samples.named("bicycle.png").bytes())))
                .labels().get(0);
        assertThat(bicycle.aliases()).singleElement().satisfies(alias -> assertThat(alias.name()).isEqualTo("Bike"));
    }

    @Test
    void maxLabelsAndMinConfidenceChooseAmongTheLabels() {
        Image dog = bytes(samples.named("dog.jpg").bytes());
        assertThat(names(rekognition.detectLabels(request -> request.image(dog))))
                .as("55 when the request names no MinConfidence").doesNotContain("Hound").contains("Field");
        assertThat(names(rekognition.detectLabels(request -> request.image(dog).minConfidence(50f)))).contains("Hound");
        assertThat(names(rekognition.detectLabels(request -> request.image(dog).minConfidence(90f))))
                .containsExactly("Dog", "Animal", "Canine", "Mammal", "Pet", "Grass", "Plant");
        assertThat(names(rekognition.detectLabels(request -> request.image(dog).maxLabels(3))))
                .containsExactly("Dog", "Animal", "Canine");
        assertThat(names(rekognition.detectLabels(request -> request.image(dog).maxLabels(8).minConfidence(93.5f))))
                .containsExactly("Dog", "Animal", "Canine", "Mammal", "Pet");
        assertThat(rekognition.detectLabels(request -> request.image(dog).maxLabels(0)).labels()).isEmpty();
        assertThat(rekognition.detectLabels(request -> request.image(dog).minConfidence(100f)).labels()).isEmpty();
    }

    @Test
    void labelAndCategoryFiltersApplyAndImagePropertiesAloneGivesNoLabels() {
        Image beach = bytes(samples.named("beach.jpg").bytes());
        assertThat(names(rekognition.detectLabels(request -> request.image(beach).settings(settings -> settings
                .generalLabels(filters -> filters.labelInclusionFilters("Palm Tree", "Umbrella", "Dog"))))))
                .containsExactly("Palm Tree", "Umbrella");
        assertThat(names(rekognition.detectLabels(request -> request.image(beach).settings(settings -> settings
                .generalLabels(filters -> filters.labelCategoryInclusionFilters("Plants and Flowers"))))))
                .containsExactly("Palm Tree", "Plant", "Tree");
        assertThat(names(rekognition.detectLabels(request -> request.image(beach).settings(settings -> settings
                .generalLabels(filters -> filters.labelCategoryExclusionFilters("Nature and Outdoors")
                        .labelExclusionFilters("Summer"))))))
                .containsExactly("Palm Tree", "Plant", "Tree", "Tropical", "Umbrella");
        assertThat(rekognition.detectLabels(request -> request.image(beach)
                .features(DetectLabelsFeatureName.IMAGE_PROPERTIES)).labels()).isEmpty();
    }

    @Test
    void anImageThatIsNoSampleGetsNoLabels() {
        byte[] bytes = samples.named("mountain.jpg").bytes().clone();
        bytes[bytes.length - 10] ^= 1;
        DetectLabelsResponse response = rekognition.detectLabels(request -> request.image(bytes(bytes)));
        assertThat(response.labels()).isEmpty();
        assertThat(response.labelModelVersion()).isEqualTo("3.0");
    }

    @Test
    void eachRefusalReachesTheCallerAsItsSdkException() {
        assertThatThrownBy(() -> rekognition.detectLabels(request -> request.image(s3("no/such/key.jpg", null))))
                .isInstanceOfSatisfying(InvalidS3ObjectException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Unable to get object metadata from S3. Check object key, region and/or access permissions.");
                });
        objects.put(BUCKET + "/versioned.png?versionId=v1", samples.named("cat.png").bytes());
        assertThat(names(rekognition.detectLabels(request -> request.image(s3("versioned.png", "v1"))))).startsWith("Cat");
        assertThatThrownBy(() -> rekognition.detectLabels(request -> request.image(s3("versioned.png", "v2"))))
                .isInstanceOf(InvalidS3ObjectException.class);

        // Not an image by its first bytes, whatever its name says; an empty object likewise.
        objects.put(BUCKET + "/holiday.jpg", "GIF89a but really just text".getBytes(StandardCharsets.UTF_8));
        objects.put(BUCKET + "/empty.png", new byte[0]);
        for (String key : List.of("holiday.jpg", "empty.png")) {
            assertThatThrownBy(() -> rekognition.detectLabels(request -> request.image(s3(key, null))))
                    .isInstanceOfSatisfying(InvalidImageFormatException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Request has invalid image format");
                    });
        }
        assertThatThrownBy(() -> rekognition.detectLabels(request -> request.image(bytes("%PDF-1.7".getBytes(StandardCharsets.UTF_8)))))
                .isInstanceOf(InvalidImageFormatException.class);

        byte[] huge = jpegOf(RekognitionStandIn.MAX_BYTES + 1);
        assertThatThrownBy(() -> rekognition.detectLabels(request -> request.image(bytes(huge))))
                .isInstanceOf(ImageTooLargeException.class);
        objects.put(BUCKET + "/huge.jpg", jpegOf(RekognitionStandIn.MAX_S3_OBJECT_BYTES + 1));
        assertThatThrownBy(() -> rekognition.detectLabels(request -> request.image(s3("huge.jpg", null))))
                .isInstanceOf(ImageTooLargeException.class);
        objects.put(BUCKET + "/large.jpg", jpegOf(RekognitionStandIn.MAX_S3_OBJECT_BYTES));
        assertThat(rekognition.detectLabels(request -> request.image(s3("large.jpg", null))).labels())
                .as("15 MiB from S3 is allowed, and no sample").isEmpty();

        assertThatThrownBy(() -> rekognition.detectLabels(request -> request.image(Image.builder().build())))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
        assertThatThrownBy(() -> rekognition.detectLabels(request -> request.image(Image.builder()
                .bytes(SdkBytes.fromByteArray(samples.named("dog.jpg").bytes()))
                .s3Object(object -> object.bucket(BUCKET).name("dog.jpg")).build())))
                .isInstanceOf(InvalidParameterException.class);

        for (Consumer<DetectLabelsRequest.Builder> invalid : List.<Consumer<DetectLabelsRequest.Builder>>of(
                request -> request.image(bytes(samples.named("dog.jpg").bytes())).minConfidence(100.5f),
                request -> request.image(bytes(samples.named("dog.jpg").bytes())).maxLabels(-1),
                request -> { })) {
            assertThatThrownBy(() -> rekognition.detectLabels(invalid))
                    .isInstanceOfSatisfying(RekognitionException.class, e -> {
                        assertThat(e.getClass()).isEqualTo(RekognitionException.class);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                        assertThat(e.statusCode()).isEqualTo(400);
                    });
        }
        assertThatThrownBy(() -> rekognition.detectFaces(request -> request.image(bytes(samples.named("dog.jpg").bytes()))))
                .isInstanceOfSatisfying(RekognitionException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException"));
        assertThat(standIn.stats().throttled()).isZero();
    }

    @Test
    void theNextCallsAreThrottledAsToldAndTheSdksRetriesGetThrough() {
        Image pizza = bytes(samples.named("pizza.png").bytes());
        standIn.throttleNext(2, Throttling.PROVISIONED_THROUGHPUT_EXCEEDED);
        assertThatThrownBy(() -> rekognition.detectLabels(request -> request.image(pizza)))
                .isInstanceOfSatisfying(ProvisionedThroughputExceededException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.isThrottlingException()).isTrue();
                });
        assertThatThrownBy(() -> rekognition.detectLabels(request -> request.image(pizza)))
                .isInstanceOf(ProvisionedThroughputExceededException.class);
        assertThat(names(rekognition.detectLabels(request -> request.image(pizza)))).startsWith("Pizza");

        standIn.throttleNext(1, Throttling.THROTTLING);
        assertThatThrownBy(() -> rekognition.detectLabels(request -> request.image(pizza)))
                .isInstanceOfSatisfying(ThrottlingException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(500);
                    assertThat(e.isThrottlingException()).isTrue();
                });

        // Refused twice, then answered: the SDK's own retries see the labels.
        RekognitionStandIn.Stats before = standIn.stats();
        standIn.throttleNext(2, Throttling.THROTTLING);
        assertThat(names(retrying.detectLabels(request -> request.image(pizza)))).startsWith("Pizza");
        assertThat(standIn.stats().calls() - before.calls()).isEqualTo(3);
        assertThat(standIn.stats().throttled() - before.throttled()).isEqualTo(2);
    }

    @Test
    void aSeededFractionOfCallsIsThrottledTheSameWayEachRun() {
        Image cat = bytes(samples.named("cat.png").bytes());
        standIn.throttleFraction(0.3, 42, Throttling.PROVISIONED_THROUGHPUT_EXCEEDED);
        Random expected = new Random(42);
        List<Boolean> refusals = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            boolean refused;
            try {
                rekognition.detectLabels(request -> request.image(cat));
                refused = false;
            } catch (ProvisionedThroughputExceededException e) {
                refused = true;
            }
            refusals.add(refused);
            assertThat(refused).as("call %d", i).isEqualTo(expected.nextDouble() < 0.3);
        }
        long refused = refusals.stream().filter(r -> r).count();
        assertThat(refused).isBetween(5L, 20L).isEqualTo(standIn.stats().throttled());
        standIn.stopThrottling();
        for (int i = 0; i < 5; i++) {
            assertThat(names(rekognition.detectLabels(request -> request.image(cat)))).startsWith("Cat");
        }
    }

    private RekognitionClient client(boolean sdkRetries) {
        var builder = RekognitionClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(standIn.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
        if (!sdkRetries) {
            builder.overrideConfiguration(configuration -> configuration.retryStrategy(AwsRetryStrategy.doNotRetry()));
        }
        return builder.build();
    }

    private static Image bytes(byte[] bytes) {
        return Image.builder().bytes(SdkBytes.fromByteArray(bytes)).build();
    }

    private static Image s3(String key, String version) {
        return Image.builder().s3Object(object -> object.bucket(BUCKET).name(key).version(version)).build();
    }

    private static List<String> names(DetectLabelsResponse response) {
        return response.labels().stream().map(Label::name).toList();
    }

    private static byte[] jpegOf(int length) {
        byte[] bytes = new byte[length];
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xD8;
        bytes[2] = (byte) 0xFF;
        return bytes;
    }
}
