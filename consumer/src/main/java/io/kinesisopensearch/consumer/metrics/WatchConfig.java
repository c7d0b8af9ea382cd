package io.kinesisopensearch.consumer.metrics;

import io.kinesisopensearch.config.Settings;
import java.time.Duration;
import java.util.Optional;

/**
 * How the worker watches its shards: before their records expire, and for stalls.
 *
 * @param retention        how long the source keeps records, instead of what it says (Kinesis:
 *                         {@code DescribeStreamSummary}; DynamoDB Streams: 24 hours): for tests, and
 *                         for a retention shorter than the worker can learn
 * @param retentionWarning a shard whose oldest record not yet acknowledged has less than this left
 *                         of the retention is logged as a WARN; empty: a quarter of the retention
 * @param stallAfter       a shard with records waiting and no progress for this long is stalled
 * @param cloudWatchEmf    whether the least retention left and the stalled shards are written to
 *                         stdout every minute as CloudWatch embedded metric format lines, which the
 *                         awslogs driver makes CloudWatch metrics
 */
public record WatchConfig(Optional<Duration> retention, Optional<Duration> retentionWarning, Duration stallAfter,
        boolean cloudWatchEmf) {

    public static final String RETENTION = "source.retention";
    public static final String RETENTION_WARNING = "source.retention-warning";
    public static final String STALL_AFTER = "worker.stall-after";
    public static final String CLOUDWATCH_EMF = "metrics.cloudwatch-emf";

    public static final WatchConfig DEFAULT = new WatchConfig(Optional.empty(), Optional.empty(),
            ShardGauges.DEFAULT_STALL_AFTER, false);

    public static WatchConfig from(Settings settings) {
        Optional<Duration> retention = Optional.ofNullable(settings.getDuration(RETENTION, null));
        if (retention.isPresent() && retention.get().isZero()) {
            throw Settings.invalid(RETENTION, "0s", "must be longer than 0s");
        }
        Duration stallAfter = settings.getDuration(STALL_AFTER, DEFAULT.stallAfter());
        if (stallAfter.isZero()) {
            throw Settings.invalid(STALL_AFTER, "0s", "must be longer than 0s");
        }
        return new WatchConfig(retention, Optional.ofNullable(settings.getDuration(RETENTION_WARNING, null)),
                stallAfter, settings.getBoolean(CLOUDWATCH_EMF, DEFAULT.cloudWatchEmf()));
    }
}
