package io.kinesisopensearch.consumer;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.config.SettingsReference;
import io.kinesisopensearch.consumer.dependency.DependencyConfig;
import io.kinesisopensearch.consumer.metrics.MetricsConfig;
import io.kinesisopensearch.consumer.processor.ShardPacing;
import io.kinesisopensearch.sink.aws.AwsClientConfig;
import io.kinesisopensearch.sink.bulk.BulkConfig;
import io.kinesisopensearch.sink.client.OpenSearchConfig;
import io.kinesisopensearch.sink.client.ServerlessCollectionCheck;
import io.kinesisopensearch.sink.deadletter.DeadLetterConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything a worker needs, read once at start-up so that a bad setting stops it before it reads
 * a record.
 *
 * @param source      the source: application name, initial position, retrieval, KCL's timing
 * @param aws         the region, endpoints and credentials of the AWS clients
 * @param openSearch  how to reach OpenSearch
 * @param bulk        batch limits, bulk concurrency and retry backoff
 * @param pacing      when shards flush and checkpoint beside the batch limits
 * @param deadLetters where refused records go
 * @param streams     the streams the worker reads, each with its mapping
 * @param multiStream whether they were listed in {@code streams} (KCL's multi-stream mode) rather
 *                    than named by {@code kinesis.stream}
 * @param statsInterval how often the worker logs its counters
 * @param metrics     the {@code /metrics}, {@code /health} and {@code /ready} endpoint and the progress line
 * @param dynamoDbStreams with {@code source.type=dynamodb-streams}, the table whose stream is read
 *                    (then the one stream, named after the table); empty when Kinesis is read
 * @param dependencies how the stream, the lease table, OpenSearch and the dead-letter bucket are watched
 */
public record ConsumerConfig(
        KinesisSourceConfig source,
        AwsClientConfig aws,
        OpenSearchConfig openSearch,
        BulkConfig bulk,
        ShardPacing pacing,
        DeadLetterConfig deadLetters,
        List<SourceStream> streams,
        boolean multiStream,
        Duration statsInterval,
        MetricsConfig metrics,
        Optional<DynamoDbStreamsConfig> dynamoDbStreams,
        DependencyConfig dependencies) {

    /** How often the worker logs its counters. */
    public static final String STATS_INTERVAL = "worker.stats-interval";

    /**
     * Reads and checks every setting, and every key of the settings file.
     *
     * @param settings the settings
     * @return the configuration
     * @throws io.kinesisopensearch.config.ConfigException naming the first missing, invalid or unknown setting
     */
    public static ConsumerConfig from(Settings settings) {
        SettingsReference.checkFileKeys(settings, SourceStream.STREAMS, SourceStream.listed(settings));
        Optional<DynamoDbStreamsConfig> dynamoDbStreams = DynamoDbStreamsConfig.from(settings);
        List<SourceStream> streams = dynamoDbStreams.isPresent()
                ? List.of(SourceStream.of(dynamoDbStreams.get().table(), settings))
                : SourceStream.from(settings);
        ConsumerConfig config = new ConsumerConfig(
                KinesisSourceConfig.from(settings),
                AwsClientConfig.from(settings),
                OpenSearchConfig.from(settings),
                BulkConfig.from(settings),
                ShardPacing.from(settings),
                DeadLetterConfig.from(settings),
                streams,
                SourceStream.isMultiStream(settings),
                settings.getDuration(STATS_INTERVAL, Duration.ofMinutes(1)),
                MetricsConfig.from(settings),
                dynamoDbStreams,
                DependencyConfig.from(settings));
        dynamoDbStreams.ifPresent(table -> table.check(config.source()));
        for (SourceStream stream : streams) {
            ServerlessCollectionCheck.check(config.openSearch(), stream.mapping());
        }
        return config;
    }
}
