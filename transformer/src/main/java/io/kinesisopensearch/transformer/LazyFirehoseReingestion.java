package io.kinesisopensearch.transformer;

import java.util.List;

/**
 * {@link FirehoseReingestion}, created on the first put. Loading that class makes the JVM load and
 * verify the AWS SDK types its code names (client, builder, exceptions, credentials: 14 classes
 * with it), which an invocation that puts nothing back never needs; Lambda's cold start with a
 * JSON event then does without them. Thread-safe.
 */
final class LazyFirehoseReingestion implements Reingestion {

    private final ReingestConfig config;
    private volatile Reingestion firehose;

    LazyFirehoseReingestion(ReingestConfig config) {
        this.config = config;
    }

    @Override
    public Outcome put(String deliveryStreamArn, String region, List<byte[]> pieces, long deadlineNanos)
            throws InterruptedException {
        return firehose().put(deliveryStreamArn, region, pieces, deadlineNanos);
    }

    private Reingestion firehose() {
        Reingestion created = firehose;
        if (created == null) {
            synchronized (this) {
                created = firehose;
                if (created == null) {
                    created = new FirehoseReingestion(config);
                    firehose = created;
                }
            }
        }
        return created;
    }
}
