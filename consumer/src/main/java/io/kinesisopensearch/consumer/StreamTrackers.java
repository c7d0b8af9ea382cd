package io.kinesisopensearch.consumer;

import io.kinesisopensearch.retry.RetryPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.arns.Arn;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.common.StreamConfig;
import software.amazon.kinesis.common.StreamIdentifier;
import software.amazon.kinesis.processor.FormerStreamsLeasesDeletionStrategy;
import software.amazon.kinesis.processor.MultiStreamTracker;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.processor.StreamTracker;

/**
 * Tells KCL which streams to read. One stream named by {@code kinesis.stream} keeps KCL's
 * single-stream mode, whose lease keys are bare shard ids, so existing lease tables go on as they
 * are. Streams listed in {@code streams} use multi-stream mode: KCL identifies each by account,
 * name and creation time (its lease keys are {@code account:stream:creationEpoch:shardId}), which
 * {@code DescribeStreamSummary} gives through the stream's ARN.
 */
final class StreamTrackers {

    private static final Logger LOG = LoggerFactory.getLogger(StreamTrackers.class);

    private StreamTrackers() {
    }

    /**
     * The tracker for {@code config}'s streams. In multi-stream mode each stream is described
     * first; while that fails (no such stream, no access, no network) it is retried and logged,
     * until it succeeds or {@code stopping} says the worker is shutting down (then null).
     */
    static StreamTracker create(ConsumerConfig config, KinesisAsyncClient kinesis,
            InitialPositionInStreamExtended position, RetryPolicy retry, BooleanSupplier stopping)
            throws InterruptedException {
        if (!config.multiStream()) {
            return new SingleStreamTracker(config.streams().get(0).name(), position);
        }
        List<StreamConfig> streams = new ArrayList<>();
        for (SourceStream stream : config.streams()) {
            StreamDescriptionSummary summary = describe(kinesis, stream.name(), retry, stopping);
            if (summary == null) {
                return null;
            }
            StreamIdentifier id = StreamIdentifier.multiStreamInstance(Arn.fromString(summary.streamARN()),
                    summary.streamCreationTimestamp().getEpochSecond());
            streams.add(new StreamConfig(id, position));
        }
        return new Streams(List.copyOf(streams));
    }

    private static StreamDescriptionSummary describe(KinesisAsyncClient kinesis, String stream, RetryPolicy retry,
            BooleanSupplier stopping) throws InterruptedException {
        for (int attempt = 0; !stopping.getAsBoolean(); attempt++) {
            try {
                return kinesis.describeStreamSummary(request -> request.streamName(stream)).join()
                        .streamDescriptionSummary();
            } catch (RuntimeException e) {
                LOG.error("Cannot describe stream {} (attempt {}), will retry: {}", stream, attempt + 1,
                        e.getCause() == null ? e.toString() : e.getCause().toString());
                Thread.sleep(retry.delay(attempt).toMillis());
            }
        }
        return null;
    }

    /**
     * A fixed list of streams. Leases of a stream taken off the list stay in the lease table, so
     * putting it back resumes at its checkpoints.
     */
    private record Streams(List<StreamConfig> streamConfigList) implements MultiStreamTracker {
        @Override
        public FormerStreamsLeasesDeletionStrategy formerStreamsLeasesDeletionStrategy() {
            return new FormerStreamsLeasesDeletionStrategy.NoLeaseDeletionStrategy();
        }
    }
}
