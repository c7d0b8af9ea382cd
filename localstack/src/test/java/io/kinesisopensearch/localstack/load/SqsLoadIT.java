package io.kinesisopensearch.localstack.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.loader.events.SqsLoad;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.S3EventNotifier;
import io.kinesisopensearch.localstack.rekognition.RekognitionStandIn;
import io.kinesisopensearch.localstack.rekognition.SampleImages;
import io.kinesisopensearch.localstack.rekognition.SampleImages.SampleImage;
import io.kinesisopensearch.localstack.testing.Documents;
import io.kinesisopensearch.localstack.testing.Figures;
import io.kinesisopensearch.localstack.testing.Workers;
import io.kinesisopensearch.sink.deadletter.DeadLetter;
import io.kinesisopensearch.sink.deadletter.LocalDirectoryDeadLetterSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A bookshop keeps its catalogue (CSV files) and its photos in a bucket whose S3 events go to an
 * SQS queue, and runs the SQS load (ElasticMQ, S3Mock, the Rekognition stand-in, the real
 * OpenSearch): 200 objects announced, a message that is no S3 event, a notification of an object
 * that does not exist, Rekognition throttling the first images; then some objects deleted and one
 * catalogue file replaced by a shorter one.
 */
@ExtendWith(LocalStackExtension.class)
class SqsLoadIT {

    private static final int CSV_OBJECTS = 160;
    private static final int ROWS = 10;
    private static final int IMAGES = 40;
    private static final int MAX_RECEIVES = 3;
    private static final int THROTTLED = 30;

    @Test
    void objectsAnnouncedThroughSqsAreIndexedOnceDeletionsFollowAndFailuresAreDeadLetters(LocalStack stack)
            throws Exception {
        Figures figures = new Figures("sqs-load");
        SampleImages samples = SampleImages.load();
        String bucket = Workers.unique("bookshop");
        String catalogue = Workers.unique("sqs-catalogue");
        String photos = Workers.unique("sqs-photos");
        Path deadLetters = stack.workDir().resolve(Workers.unique("sqs-dead-letters"));
        RekognitionStandIn rekognition = stack.rekognitionStandIn().orElseThrow();
        try (S3Client s3 = stack.s3(); SqsClient sqs = stack.sqs()) {
            s3.createBucket(create -> create.bucket(bucket));
            String queueUrl = sqs.createQueue(create -> create.queueName(Workers.unique("bookshop-events"))).queueUrl();
            S3EventNotifier notifier = new S3EventNotifier(s3, sqs, queueUrl, stack.region().id());

            Map<String, String> settings = new HashMap<>(stack.workerSettings());
            settings.put("SQS_QUEUE_URL", queueUrl);
            settings.put("SQS_MAX_RECEIVES", Integer.toString(MAX_RECEIVES));
            settings.put("SQS_WAIT_TIME", "1s");
            settings.put("SQS_VISIBILITY_TIMEOUT", "6s");
            settings.put("SQS_CONCURRENCY", "8");
            settings.put("OPENSEARCH_INDEX", catalogue);
            settings.put("MAPPING_ID_POINTER", "/isbn");
            settings.put("IMAGES_INDEX", photos);
            settings.put("IMAGES_LINK", stack.s3Endpoint() + "/{bucket}/{key}");
            settings.put("DEADLETTER_URI", "file:" + deadLetters);

            // 160 catalogue files of 10 books and 40 photos (the six samples again and again), all notified.
            Map<String, SampleImage> images = new LinkedHashMap<>();
            List<String> csvKeys = new ArrayList<>();
            long putting = System.nanoTime();
            ExecutorService uploads = Executors.newFixedThreadPool(8);
            List<Future<?>> puts = new ArrayList<>();
            for (int i = 0; i < CSV_OBJECTS; i++) {
                String key = "catalogue/day " + i + ".csv";
                byte[] data = csv(i, ROWS).getBytes(StandardCharsets.UTF_8);
                puts.add(uploads.submit(() -> notifier.put(bucket, key, data, "text/csv")));
                csvKeys.add(key);
            }
            for (int i = 0; i < IMAGES; i++) {
                SampleImage sample = samples.all().get(i % samples.all().size());
                String key = "photos/IMG_" + (1000 + i) + (i == 7 ? " +1" : "") + sample.file().substring(sample.file().indexOf('.'));
                puts.add(uploads.submit(() -> notifier.put(bucket, key, sample.bytes(), sample.contentType())));
                images.put(key, sample);
            }
            for (Future<?> put : puts) {
                put.get();
            }
            uploads.shutdown();
            figures.put("put_ms", (System.nanoTime() - putting) / 1_000_000);
            List<String> photoKeys = new ArrayList<>(images.keySet());
            notifier.send("this is not an S3 event");
            notifier.send(notifier.objectCreated(bucket, "catalogue/ghost.csv", 120, "0123456789abcdef", null));
            // Rekognition refuses the next 30 calls, as a rate limit does: the SDK's own retries (3 attempts)
            // give up on some image, whose record the sink then holds and maps again.
            rekognition.throttleNext(THROTTLED, RekognitionStandIn.Throttling.PROVISIONED_THROUGHPUT_EXCEEDED);
            long throttledBefore = rekognition.stats().throttled();

            long started = System.nanoTime();
            try (SqsLoad load = SqsLoad.start(Settings.of(settings))) {
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                        .until(() -> load.stats().done() == CSV_OBJECTS + IMAGES + 2 && queueEmpty(sqs, queueUrl));
                long firstSeconds = (System.nanoTime() - started) / 1_000_000;
                assertThat(load.stats().deadLettered()).isEqualTo(2);
                assertThat(rekognition.stats().throttled() - throttledBefore).isEqualTo(THROTTLED);
                assertThat(load.stats().retries()).as("records held for Rekognition").isPositive();
                assertThat(Documents.all(stack.openSearch(), catalogue)).hasSize(CSV_OBJECTS * ROWS)
                        .allSatisfy(document -> assertThat(document.version()).isEqualTo(1));
                assertThat(Documents.all(stack.openSearch(), photos)).hasSize(IMAGES);
                figures.put("objects", CSV_OBJECTS + IMAGES).put("first_pass_ms", firstSeconds);

                // 15 catalogue files and 5 photos deleted; one file replaced by a shorter one (4 books).
                List<String> deleted = new ArrayList<>(csvKeys.subList(0, 15));
                deleted.addAll(photoKeys.subList(0, 5));
                for (String key : deleted) {
                    s3.deleteObject(delete -> delete.bucket(bucket).key(key));
                    notifier.send(notifier.objectRemoved(bucket, key));
                }
                String replaced = csvKeys.get(20);
                notifier.put(bucket, replaced, csv(20, 4).getBytes(StandardCharsets.UTF_8), "text/csv");
                long removals = System.nanoTime();
                await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                        .until(() -> load.stats().done() == CSV_OBJECTS + IMAGES + 2 + deleted.size() + 1
                                && queueEmpty(sqs, queueUrl));
                figures.put("removals_ms", (System.nanoTime() - removals) / 1_000_000);
                SqsLoad.Stats stats = load.stats();
                assertThat(stats.mostReceives()).isLessThanOrEqualTo(MAX_RECEIVES);
                assertThat(stats.retried()).isEqualTo(MAX_RECEIVES - 1); // the ghost, before its dead letter
                figures.put("received", stats.received()).put("retried", stats.retried())
                                .put("most_receives", stats.mostReceives()).put("sink_retries", stats.retries());
            }

            // Every book once: the deleted files' books gone, the replaced file's last six gone.
            Set<String> expectedBooks = new TreeSet<>();
            for (int i = 15; i < CSV_OBJECTS; i++) {
                for (int row = 0; row < (i == 20 ? 4 : ROWS); row++) {
                    expectedBooks.add(isbn(i, row));
                }
            }
            List<Documents.Stored> books = Documents.all(stack.openSearch(), catalogue);
            assertThat(books).extracting(Documents.Stored::id).containsExactlyInAnyOrderElementsOf(expectedBooks);
            assertThat(books).filteredOn(book -> book.id().startsWith("978020"))
                    .allSatisfy(book -> assertThat(book.version()).isEqualTo(2));
            assertThat(books).filteredOn(book -> !book.id().startsWith("978020"))
                    .allSatisfy(book -> assertThat(book.version()).isEqualTo(1));
            assertThat(books).allSatisfy(book -> assertThat(book.source().path("s3").path("bucket").asText()).isEqualTo(bucket));

            // Every remaining photo once, with its sample's labels and a link that serves it.
            List<Documents.Stored> stored = Documents.all(stack.openSearch(), photos);
            assertThat(stored).hasSize(IMAGES - 5);
            for (Documents.Stored photo : stored) {
                SampleImage sample = images.get(photo.source().path("key").asText());
                assertThat(sample).as(photo.id()).isNotNull();
                assertThat(photo.id()).isEqualTo(bucket + "/" + photo.source().path("key").asText());
                assertThat(photo.source().path("labels").get(0).path("name").asText()).isEqualTo(sample.labelNames().get(0));
                assertThat(photo.source().path("size").asLong()).isEqualTo(sample.bytes().length);
                assertThat(photo.source().path("contentType").asText()).isEqualTo(sample.contentType());
                assertThat(photo.source().path("uploaded").asText()).isNotEmpty();
                assertThat(photo.version()).isEqualTo(1);
            }
            assertThat(stored).extracting(photo -> photo.source().path("key").asText())
                    .doesNotContainAnyElementsOf(photoKeys.subList(0, 5));
            Documents.Stored plus = stored.stream().filter(photo -> photo.source().path("key").asText().contains(" +1"))
                    .findFirst().orElseThrow();
            String plusKey = plus.source().path("key").asText();
            assertThat(plus.source().path("link").asText()).isEqualTo(stack.s3Endpoint() + "/" + bucket + "/photos/IMG_1007%20%2B1"
                    + plusKey.substring(plusKey.lastIndexOf('.')));

            // Labels forgive typos: "dgo" finds the dogs, and only them.
            SearchResponse<JsonNode> dogs = stack.openSearch().search(search -> search.index(photos).size(50)
                    .query(query -> query.multiMatch(match -> match.query("dgo").fields("labels.name", "labelNames")
                            .fuzziness("AUTO"))), JsonNode.class);
            Set<String> dogKeys = images.entrySet().stream().filter(entry -> entry.getValue().file().equals("dog.jpg"))
                    .map(Map.Entry::getKey).filter(key -> !photoKeys.subList(0, 5).contains(key))
                    .collect(Collectors.toSet());
            assertThat(dogs.hits().hits()).extracting(Hit::source).extracting(hit -> hit.path("key").asText())
                    .containsExactlyInAnyOrderElementsOf(dogKeys);

            // The dead letters: the message that is no S3 event, and the ghost after its last receive.
            List<DeadLetter> letters = new LocalDirectoryDeadLetterSink(deadLetters).readAll().stream()
                    .flatMap(file -> file.letters().stream()).toList();
            assertThat(letters).hasSize(2);
            assertThat(letters).anySatisfy(letter -> {
                assertThat(new String(letter.record().data(), StandardCharsets.UTF_8)).isEqualTo("this is not an S3 event");
                assertThat(letter.reason()).startsWith("not an S3 event: not JSON");
            });
            assertThat(letters).anySatisfy(letter -> assertThat(letter.reason())
                    .startsWith("received " + MAX_RECEIVES + " times (sqs.max-receives " + MAX_RECEIVES + "), failing each time:")
                    .contains("s3://" + bucket + "/catalogue/ghost.csv: S3 answered 404"));
            assertThat(letters).allSatisfy(letter -> assertThat(letter.coordinates().stream()).startsWith("sqs:bookshop-events"));
            figures.put("books", books.size()).put("photos", stored.size()).put("dead_letters", letters.size())
                    .put("throttled", THROTTLED).put("dgo_hits", dogs.hits().hits().size()).print();
        }
    }

    private static boolean queueEmpty(SqsClient sqs, String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(get -> get.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return attributes.values().stream().allMatch("0"::equals);
    }

    /** The books of catalogue file {@code file}: ISBN, title, author, price. */
    private static String csv(int file, int rows) {
        StringBuilder text = new StringBuilder("isbn,title,author,price\n");
        for (int row = 0; row < rows; row++) {
            text.append(isbn(file, row)).append(",Book ").append(row).append(" of day ").append(file)
                    .append(",Author ").append(file % 7).append(',').append(10 + row).append(".99\n");
        }
        return text.toString();
    }

    private static String isbn(int file, int row) {
        return String.format("978%03d%07d", file, row);
    }
}
