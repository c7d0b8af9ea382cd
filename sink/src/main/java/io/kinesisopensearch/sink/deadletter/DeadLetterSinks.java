package io.kinesisopensearch.sink.deadletter;

import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/** Opens the sink a {@link DeadLetterConfig} names. */
public final class DeadLetterSinks {

    private DeadLetterSinks() {
    }

    /** @param s3 builds the S3 client, called only for an S3 destination */
    public static DeadLetterSink open(DeadLetterConfig config, Supplier<S3Client> s3) {
        if (config.isS3()) {
            return new S3DeadLetterSink(s3.get(), config.bucket().orElseThrow(), config.prefix());
        }
        return new LocalDirectoryDeadLetterSink(config.directory().orElseThrow());
    }
}
