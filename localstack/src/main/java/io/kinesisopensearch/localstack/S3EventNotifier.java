package io.kinesisopensearch.localstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * S3's event notifications to an SQS queue, which S3Mock does not send: {@link #put} puts an object
 * into S3 and then sends the queue the message S3 sends for it, an {@code s3:ObjectCreated:Put}
 * event in S3's notification format (event version 2.1): one record with the region, time, bucket
 * (name, ARN), and object (key URL-encoded as S3 encodes it, a space as {@code +}; size, ETag,
 * version id when the bucket is versioned, sequencer). {@link #objectRemoved} sends an
 * {@code s3:ObjectRemoved:Delete} event. One record per message, as S3 sends them.
 *
 * <p>Unlike S3 it sends right away and exactly once; S3 delivers notifications within seconds,
 * at least once and in no guaranteed order, which a consumer's tests can imitate by sending the same
 * event twice ({@link #send}).
 */
public final class S3EventNotifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client s3;
    private final SqsClient sqs;
    private final String queueUrl;
    private final String region;
    private final AtomicLong sequencer = new AtomicLong(System.currentTimeMillis() * 1000);

    /** Notifies {@code queueUrl} of what it puts with {@code s3}; neither client is closed by it. */
    public S3EventNotifier(S3Client s3, SqsClient sqs, String queueUrl, String region) {
        this.s3 = s3;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.region = region;
    }

    /** Puts {@code bytes} at {@code key} in {@code bucket} and sends its ObjectCreated:Put notification; returns the message. */
    public String put(String bucket, String key, byte[] bytes, String contentType) {
        PutObjectResponse response = s3.putObject(put -> put.bucket(bucket).key(key).contentType(contentType),
                RequestBody.fromBytes(bytes));
        String event = objectCreated(bucket, key, bytes.length, response.eTag(), response.versionId());
        send(event);
        return event;
    }

    /** Sends {@code event}, a notification message body, to the queue (again, to imitate a duplicate delivery). */
    public void send(String event) {
        sqs.sendMessage(message -> message.queueUrl(queueUrl).messageBody(event));
    }

    /** The ObjectCreated:Put notification S3 sends for an object of {@code size} bytes. */
    public String objectCreated(String bucket, String key, long size, String eTag, String versionId) {
        ObjectNode event = event("ObjectCreated:Put", bucket);
        ObjectNode object = (ObjectNode) event.path("Records").get(0).path("s3").path("object");
        object.put("key", encodeKey(key)).put("size", size).put("eTag", stripQuotes(eTag));
        if (versionId != null && !versionId.isEmpty() && !"null".equals(versionId)) {
            object.put("versionId", versionId);
        }
        object.put("sequencer", Long.toHexString(sequencer.incrementAndGet()).toUpperCase());
        return event.toString();
    }

    /** The ObjectRemoved:Delete notification S3 sends for a deleted object. */
    public String objectRemoved(String bucket, String key) {
        ObjectNode event = event("ObjectRemoved:Delete", bucket);
        ((ObjectNode) event.path("Records").get(0).path("s3").path("object"))
                .put("key", encodeKey(key))
                .put("sequencer", Long.toHexString(sequencer.incrementAndGet()).toUpperCase());
        return event.toString();
    }

    /** A key as S3 writes it into notifications: URL-encoded as a form value, slashes kept. */
    public static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    private ObjectNode event(String name, String bucket) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode record = root.putArray("Records").addObject();
        record.put("eventVersion", "2.1")
                .put("eventSource", "aws:s3")
                .put("awsRegion", region)
                .put("eventTime", Instant.now().toString())
                .put("eventName", name);
        record.putObject("userIdentity").put("principalId", "AWS:LOCAL");
        record.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        record.putObject("responseElements").put("x-amz-request-id", Long.toHexString(sequencer.get()).toUpperCase())
                .put("x-amz-id-2", "local");
        ObjectNode s3Entity = record.putObject("s3");
        s3Entity.put("s3SchemaVersion", "1.0").put("configurationId", "local-notifications");
        ObjectNode bucketEntity = s3Entity.putObject("bucket");
        bucketEntity.put("name", bucket);
        bucketEntity.putObject("ownerIdentity").put("principalId", "LOCAL");
        bucketEntity.put("arn", "arn:aws:s3:::" + bucket);
        s3Entity.putObject("object");
        return root;
    }

    private static String stripQuotes(String eTag) {
        return eTag == null ? "" : eTag.replace("\"", "");
    }
}
