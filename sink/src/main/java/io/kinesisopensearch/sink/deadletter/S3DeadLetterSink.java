package io.kinesisopensearch.sink.deadletter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Dead letters as NDJSON objects in S3: {@code s3://<bucket>/<prefix><stream>/<shard>/<time>-<first sequence>-<unique>.ndjson},
 * one object per flush. A PutObject that returned is durable.
 */
public final class S3DeadLetterSink implements DeadLetterSink {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    /** @param prefix the key prefix, empty or ending with '/' */
    public S3DeadLetterSink(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    @Override
    public void write(List<DeadLetter> letters) throws IOException {
        if (letters.isEmpty()) {
            return;
        }
        String key = prefix + DeadLetterNames.relativePath(letters);
        try {
            s3.putObject(put -> put.bucket(bucket).key(key).contentType("application/x-ndjson"),
                    RequestBody.fromBytes(DeadLetterCodec.encode(letters)));
        } catch (SdkException e) {
            throw new IOException("Cannot store dead letters at s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<StoredLetters> readAll() throws IOException {
        try {
            List<S3Object> objects = new ArrayList<>();
            s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(prefix)).contents().forEach(objects::add);
            objects.removeIf(object -> !object.key().endsWith(DeadLetterNames.SUFFIX));
            objects.sort(Comparator.comparing(object -> object.key().substring(object.key().lastIndexOf('/') + 1)));
            List<StoredLetters> stored = new ArrayList<>();
            for (S3Object object : objects) {
                String name = "s3://" + bucket + "/" + object.key();
                String text = s3.getObjectAsBytes(get -> get.bucket(bucket).key(object.key()))
                        .asString(StandardCharsets.UTF_8);
                stored.add(new StoredLetters(name, DeadLetterCodec.decode(text, name)));
            }
            return stored;
        } catch (SdkException e) {
            throw new IOException("Cannot read dead letters from s3://" + bucket + "/" + prefix + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        // An endpoint override (a private endpoint, an emulator) is named: it is where to look when S3 fails.
        return "s3://" + bucket + "/" + prefix + s3.serviceClientConfiguration().endpointOverride()
                .map(endpoint -> " at " + endpoint).orElse("");
    }

    @Override
    public void close() {
        s3.close();
    }
}
