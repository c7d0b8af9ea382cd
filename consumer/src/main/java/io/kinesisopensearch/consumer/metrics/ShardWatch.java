package io.kinesisopensearch.consumer.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at the worker's shards, every second, for what an operator must hear of without asking:
 *
 * <ul>
 *   <li>a stall (records waiting, no progress for {@code worker.stall-after}): a WARN naming the
 *       shard, how long and why when it begins, again every minute while it lasts, an INFO when it
 *       ends;</li>
 *   <li>a shard whose oldest record not yet acknowledged has less than
 *       {@code source.retention-warning} left before the source deletes it: a WARN, again every five
 *       minutes while it lasts, an INFO once it has more again;</li>
 *   <li>with {@code metrics.cloudwatch-emf}, every minute one line on stdout in CloudWatch's embedded
 *       metric format: the least retention left of the worker's shards and its stalled shards, in
 *       namespace {@value #NAMESPACE} by {@code Application}, which the awslogs driver and
 *       CloudWatch Logs make metrics (and the ECS template an alarm) without an API call, a client or
 *       an IAM grant of the worker's own.</li>
 * </ul>
 *
 * One thread runs it; the shards' own fields for it are that thread's alone.
 */
public final class ShardWatch implements Runnable {

    /** The CloudWatch namespace of the embedded metric format lines. */
    public static final String NAMESPACE = "KinesisOpenSearch";
    /** Their one dimension, whose value is the KCL application's name. */
    public static final String DIMENSION = "Application";
    /** The least time left, in seconds, before a record of one of the worker's shards is deleted unacknowledged. */
    public static final String RETENTION_LEFT = "RetentionLeftSeconds";
    /** The worker's stalled shards. */
    public static final String STALLED_SHARDS = "StalledShards";

    static final Duration STALL_REPEAT = Duration.ofMinutes(1);
    static final Duration RETENTION_REPEAT = Duration.ofMinutes(5);
    static final Duration EMF_EVERY = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(ShardWatch.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String application;
    private final String workerId;
    private final ShardGauges shards;
    private final LongSupplier nanoClock;
    private final LongSupplier clockMillis;
    /** Where the embedded metric format lines go; null for none. */
    private final PrintStream emf;
    private long startedNanos;
    private long emfWrittenNanos;
    private boolean emfWritten;

    ShardWatch(String application, String workerId, ShardGauges shards, LongSupplier nanoClock,
            LongSupplier clockMillis, PrintStream emf) {
        this.application = application;
        this.workerId = workerId;
        this.shards = shards;
        this.nanoClock = nanoClock;
        this.clockMillis = clockMillis;
        this.emf = emf;
    }

    /** Looks at the shards once; the worker runs it every second. */
    @Override
    public void run() {
        try {
            long now = nanoClock.getAsLong();
            for (ShardGauges.Shard shard : shards.all()) {
                watchStall(shard, now);
                watchRetention(shard, now);
            }
            if (emf != null && emfDue(now)) {
                emfWritten = true;
                emfWrittenNanos = now;
                emf.println(emfLine(clockMillis.getAsLong()));
            }
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: the watch must outlive a bad moment.
            LOG.warn("Shard watch failed: {}", e.toString());
        }
    }

    /** Every minute; the first line as soon as the worker holds a shard, or after a minute without. */
    private boolean emfDue(long now) {
        if (startedNanos == 0) {
            startedNanos = now;
        }
        if (emfWritten) {
            return now - emfWrittenNanos >= EMF_EVERY.toNanos();
        }
        return shards.size() > 0 || now - startedNanos >= EMF_EVERY.toNanos();
    }

    private void watchStall(ShardGauges.Shard shard, long now) {
        Optional<Stall> stall = shard.stall();
        if (stall.isPresent()) {
            Stall current = stall.get();
            Stall reported = shard.reportedStall;
            boolean reasonChanged = reported == null || reported.reason() != current.reason();
            if (reported == null) {
                shard.stallSinceNanos = now - current.seconds() * 1_000_000_000L;
            }
            if (reasonChanged || now - shard.stallLoggedNanos >= STALL_REPEAT.toNanos()) {
                LOG.warn("STALLED: shard {} of stream {}: {} records waiting, no progress for {} s: {}.{}", shard.shardId(),
                        shard.stream(), shard.account().pending(), current.seconds(), current.describe(),
                        current.reason().restartHelps() ? " /health and /ready answer 503 so that the task is replaced"
                                : "");
                shard.stallLoggedNanos = now;
            }
            shard.reportedStall = current;
        } else if (shard.reportedStall != null) {
            LOG.info("Shard {} of stream {} moves again after {} s without progress (last: {})", shard.shardId(),
                    shard.stream(), (now - shard.stallSinceNanos) / 1_000_000_000L,
                    shard.reportedStall.reason().description());
            shard.reportedStall = null;
        }
    }

    private void watchRetention(ShardGauges.Shard shard, long now) {
        double left = shard.retentionLeftSeconds();
        Duration warning = shard.retentionWarning();
        if (left < warning.toSeconds()) {
            if (!shard.retentionWarned || now - shard.retentionLoggedNanos >= RETENTION_REPEAT.toNanos()) {
                double age = shard.retention().toSeconds() - left;
                LOG.warn("RETENTION: shard {} of stream {}: its oldest record not yet acknowledged is {} old, {} left"
                                + " of the source's {} retention before it is deleted unread (warning below {}){}",
                        shard.shardId(), shard.stream(), duration(age), duration(left), duration(shard.retention().toSeconds()),
                        duration(warning.toSeconds()), shard.stall().map(stall -> "; stalled: " + stall.describe()).orElse(""));
                shard.retentionLoggedNanos = now;
            }
            shard.retentionWarned = true;
        } else if (shard.retentionWarned) {
            LOG.info("Shard {} of stream {}: {} left of the retention again", shard.shardId(), shard.stream(), duration(left));
            shard.retentionWarned = false;
        }
    }

    /** One line in CloudWatch's embedded metric format: the least retention left and the stalled shards, by application. */
    String emfLine(long timestampMillis) {
        OptionalDouble left = shards.minRetentionLeftSeconds();
        long stalled = shards.all().stream().filter(shard -> shard.stall().isPresent()).count();
        ObjectNode line = JSON.createObjectNode();
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", timestampMillis);
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add(DIMENSION);
        ArrayNode metrics = directive.putArray("Metrics");
        if (left.isPresent()) {
            metrics.addObject().put("Name", RETENTION_LEFT).put("Unit", "Seconds");
        }
        metrics.addObject().put("Name", STALLED_SHARDS).put("Unit", "Count");
        line.put(DIMENSION, application);
        line.put("WorkerId", workerId);
        line.put("Shards", shards.size());
        if (left.isPresent()) {
            line.put(RETENTION_LEFT, Math.round(left.getAsDouble()));
        }
        line.put(STALLED_SHARDS, stalled);
        return line.toString();
    }

    /** {@code 89 s} under an hour, {@code 23.9 h} above. */
    static String duration(double seconds) {
        return seconds < 3_600 && seconds > -3_600 ? String.format(Locale.ROOT, "%.0f s", seconds)
                : String.format(Locale.ROOT, "%.1f h", seconds / 3_600);
    }
}
