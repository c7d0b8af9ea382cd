package io.kinesisopensearch.localstack.rekognition;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Where the Rekognition stand-in reads the images a request names by {@code S3Object}: an S3
 * endpoint (S3Mock on the local stack), or anything else a test supplies.
 */
@FunctionalInterface
public interface ImageObjects extends AutoCloseable {

    /**
     * The first {@code limit} bytes and more of object {@code name} in {@code bucket}, at
     * {@code version} when not null: at most {@code limit + 1} bytes, so that the caller sees an
     * object over its limit without reading all of it. Empty when the bucket, the object or the
     * version does not exist or may not be read, which Rekognition answers alike.
     */
    Optional<byte[]> read(String bucket, String name, String version, int limit);

    @Override
    default void close() {
    }

    /** Objects read with {@code s3}, which is closed with this. */
    static ImageObjects s3(S3Client s3) {
        return new ImageObjects() {
            @Override
            public Optional<byte[]> read(String bucket, String name, String version, int limit) {
                try (ResponseInputStream<GetObjectResponse> object = s3.getObject(get -> get.bucket(bucket).key(name)
                        .versionId(version))) {
                    return Optional.of(readAtMost(object, limit + 1));
                } catch (S3Exception e) {
                    if (e.statusCode() == 404 || e.statusCode() == 403 || e.statusCode() == 400) {
                        return Optional.empty();
                    }
                    throw e;
                } catch (IOException e) {
                    throw new UncheckedIOException("Reading s3://" + bucket + "/" + name + " failed", e);
                }
            }

            @Override
            public void close() {
                s3.close();
            }
        };
    }

    private static byte[] readAtMost(InputStream in, int count) throws IOException {
        return in.readNBytes(count);
    }
}
