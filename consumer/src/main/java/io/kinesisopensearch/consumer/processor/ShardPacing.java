package io.kinesisopensearch.consumer.processor;

import io.kinesisopensearch.config.Settings;
import java.time.Duration;

/**
 * When a shard processor flushes and checkpoints, beside the batch limits of
 * {@link io.kinesisopensearch.sink.bulk.BulkConfig}.
 *
 * @param flushWhenCaughtUp  flush at the end of a delivery that reached the shard's newest record
 *                           ({@code millisBehindLatest} 0): nothing more is there to fill the batch
 *                           with, so waiting for {@code bulk.max-wait} would only make the records
 *                           searchable later. A shard that is behind still fills its batches.
 * @param checkpointInterval the least time between two checkpoints of a shard while it reads: a
 *                           checkpoint is a lease-table write, and flushing each delivery of a
 *                           caught-up shard must not mean writing the table as often. A written
 *                           batch not yet checkpointed is checkpointed at the next delivery due,
 *                           and always before the lease is given up; after a crash it is read and
 *                           written again, to the same ids.
 */
public record ShardPacing(boolean flushWhenCaughtUp, Duration checkpointInterval) {

    /** The setting of {@link #flushWhenCaughtUp()}. */
    public static final String FLUSH_WHEN_CAUGHT_UP = "bulk.flush-when-caught-up";
    /** The setting of {@link #checkpointInterval()}. */
    public static final String CHECKPOINT_INTERVAL = "kcl.checkpoint-interval";

    /** Flush when caught up; checkpoint at most once a second. */
    public static final ShardPacing DEFAULT = new ShardPacing(true, Duration.ofSeconds(1));

    /**
     * Reads {@value #FLUSH_WHEN_CAUGHT_UP} and {@value #CHECKPOINT_INTERVAL}.
     *
     * @param settings the settings
     * @return the pacing, {@link #DEFAULT}'s where a setting is unset
     * @throws io.kinesisopensearch.config.ConfigException when a setting is invalid
     */
    public static ShardPacing from(Settings settings) {
        Duration interval = settings.getDuration(CHECKPOINT_INTERVAL, DEFAULT.checkpointInterval());
        if (interval.isNegative()) {
            throw Settings.invalid(CHECKPOINT_INTERVAL, interval.toString(), "must be 0s or more");
        }
        return new ShardPacing(settings.getBoolean(FLUSH_WHEN_CAUGHT_UP, DEFAULT.flushWhenCaughtUp()), interval);
    }
}
