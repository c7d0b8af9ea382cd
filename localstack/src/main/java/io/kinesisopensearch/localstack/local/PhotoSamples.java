package io.kinesisopensearch.localstack.local;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.loader.events.SqsLoad;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.S3EventNotifier;
import io.kinesisopensearch.localstack.rekognition.SampleImages;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Local mode's photos: the bookshop's camera roll, a bucket whose S3 events go to an SQS queue that
 * the SQS load reads (S3Mock, ElasticMQ and the Rekognition stand-in on the local stack), so that
 * each photo becomes a document with the labels Rekognition sees in it, searchable with typos
 * ({@code dgo} finds the dog) and shown with its thumbnail on the search page. The keys say nothing
 * of the pictures: only the labels find them.
 */
final class PhotoSamples implements AutoCloseable {

    static final String BUCKET = "photos";
    static final String INDEX = "photos";
    static final String QUEUE = "photo-events";

    private final LocalStack stack;
    private final S3Client s3;
    private final SqsClient sqs;
    private final String queueUrl;
    private final SqsLoad load;
    private final Map<String, SampleImages.SampleImage> photos = new LinkedHashMap<>();
    private final AtomicInteger notified = new AtomicInteger();

    private PhotoSamples(LocalStack stack, String deadLetters) {
        this.stack = stack;
        this.s3 = stack.s3();
        this.sqs = stack.sqs();
        stack.rekognitionEndpoint();
        if (!s3.listBuckets().buckets().stream().anyMatch(bucket -> bucket.name().equals(BUCKET))) {
            s3.createBucket(create -> create.bucket(BUCKET));
        }
        this.queueUrl = sqs.createQueue(create -> create.queueName(QUEUE)).queueUrl();
        Map<String, String> settings = new HashMap<>(stack.workerSettings());
        settings.put("SQS_QUEUE_URL", queueUrl);
        settings.put("SQS_WAIT_TIME", "1s");
        settings.put("OPENSEARCH_INDEX", "photo-documents"); // CSV or NDJSON put into the bucket
        settings.put("IMAGES_INDEX", INDEX);
        // Path-style on S3Mock, which serves objects without signatures: the page shows them as thumbnails.
        settings.put("IMAGES_LINK", stack.s3Endpoint() + "/{bucket}/{key}");
        settings.put("DEADLETTER_URI", "file:" + deadLetters);
        this.load = SqsLoad.start(Settings.of(settings));
        int number = 0;
        for (SampleImages.SampleImage sample : SampleImages.load().all()) {
            photos.put("camera roll/IMG_" + (4711 + number++) + sample.file().substring(sample.file().indexOf('.')), sample);
        }
    }

    /** Starts S3, SQS and Rekognition on {@code stack} and the SQS load in front of them. */
    static PhotoSamples start(LocalStack stack) {
        return new PhotoSamples(stack, stack.workDir().resolve("local-dead-letters").resolve(QUEUE).toString());
    }

    /** Puts the sample photos into the bucket, each with the notification S3 sends the queue. */
    void putAll() {
        S3EventNotifier notifier = new S3EventNotifier(s3, sqs, queueUrl, stack.region().id());
        photos.forEach((key, sample) -> {
            notifier.put(BUCKET, key, sample.bytes(), sample.contentType());
            notified.incrementAndGet();
        });
    }

    /** The photos put, by key. */
    Map<String, SampleImages.SampleImage> photos() {
        return photos;
    }

    String queueUrl() {
        return queueUrl;
    }

    URI s3Endpoint() {
        return stack.s3Endpoint();
    }

    /**
     * Messages done (loaded or dead-lettered), dead letters, and the samples' messages not done yet
     * (objects the user puts into the bucket count as read, not as lag).
     */
    LocalPipeline.Counts counts() {
        SqsLoad.Stats stats = load.stats();
        return new LocalPipeline.Counts(stats.done(), stats.deadLettered(), Math.max(0, notified.get() - stats.done()));
    }

    @Override
    public void close() {
        load.close();
        sqs.close();
        s3.close();
    }
}
