package io.kinesisopensearch.consumer;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.consumer.metrics.ShardGauges;
import io.kinesisopensearch.consumer.metrics.WatchConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * How long each stream keeps its records, for the shards' retention gauges: {@code source.retention}
 * when it is set; 24 hours for a DynamoDB table's stream (fixed by DynamoDB Streams); else the
 * Kinesis stream's retention period from {@code DescribeStreamSummary}, asked at the stream's first
 * shard lease. When that fails, 24 hours (the least Kinesis keeps) is assumed and the question asked
 * again at a lease taken five minutes later or more.
 */
final class StreamRetention implements Function<String, Duration> {

    private static final Logger LOG = LoggerFactory.getLogger(StreamRetention.class);
    private static final Duration ASK_AGAIN_AFTER = Duration.ofMinutes(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Optional<Duration> override;
    /** The client to ask; null for a DynamoDB table's stream. */
    private final KinesisAsyncClient kinesis;
    private final Map<String, Duration> known = new ConcurrentHashMap<>();
    private final Map<String, Long> failedAtNanos = new ConcurrentHashMap<>();

    private StreamRetention(Optional<Duration> override, KinesisAsyncClient kinesis) {
        this.override = override;
        this.kinesis = kinesis;
    }

    /** For Kinesis data streams, asked through {@code kinesis}. */
    static StreamRetention kinesis(Optional<Duration> override, KinesisAsyncClient kinesis) {
        return new StreamRetention(override, kinesis);
    }

    /** For a DynamoDB table's own stream. */
    static StreamRetention dynamoDbStreams(Optional<Duration> override) {
        return new StreamRetention(override, null);
    }

    @Override
    public Duration apply(String stream) {
        if (override.isPresent()) {
            return override.get();
        }
        if (kinesis == null) {
            return ShardGauges.DEFAULT_RETENTION;
        }
        Duration retention = known.get(stream);
        if (retention != null) {
            return retention;
        }
        Long failed = failedAtNanos.get(stream);
        if (failed != null && System.nanoTime() - failed < ASK_AGAIN_AFTER.toNanos()) {
            return ShardGauges.DEFAULT_RETENTION;
        }
        try {
            Integer hours = kinesis.describeStreamSummary(request -> request.streamName(stream))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).streamDescriptionSummary().retentionPeriodHours();
            retention = Duration.ofHours(hours);
            known.put(stream, retention);
            LOG.info("Stream {} keeps its records for {} h", stream, hours);
            return retention;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ShardGauges.DEFAULT_RETENTION;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            failedAtNanos.put(stream, System.nanoTime());
            LOG.warn("Cannot learn how long stream {} keeps its records ({}); assuming 24 h, the least Kinesis keeps."
                    + " Set {} to say", stream, e.getCause() == null ? e.toString() : e.getCause().toString(),
                    Settings.describe(WatchConfig.RETENTION));
            return ShardGauges.DEFAULT_RETENTION;
        }
    }
}
