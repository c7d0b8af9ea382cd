package io.kinesisopensearch.consumer;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.consumer.bulk.BulkConfig;
import io.kinesisopensearch.consumer.bulk.OpenSearchConfig;
import io.kinesisopensearch.consumer.deadletter.DeadLetterConfig;
import io.kinesisopensearch.mapping.MappingConfig;
import java.time.Duration;

/**
 * Everything a worker needs, read once at start-up so that a bad setting stops it before it reads
 * a record.
 */
public record ConsumerConfig(
        KinesisSourceConfig source,
        AwsClientConfig aws,
        OpenSearchConfig openSearch,
        BulkConfig bulk,
        DeadLetterConfig deadLetters,
        MappingConfig mapping,
        Duration statsInterval) {

    /** How often the worker logs its counters. */
    public static final String STATS_INTERVAL = "worker.stats-interval";

    /** Reads and checks every setting; throws a {@link io.kinesisopensearch.config.ConfigException} naming the first bad one. */
    public static ConsumerConfig from(Settings settings) {
        ConsumerConfig config = new ConsumerConfig(
                KinesisSourceConfig.from(settings),
                AwsClientConfig.from(settings),
                OpenSearchConfig.from(settings),
                BulkConfig.from(settings),
                DeadLetterConfig.from(settings),
                MappingConfig.from(settings),
                settings.getDuration(STATS_INTERVAL, Duration.ofMinutes(1)));
        ServerlessCollectionCheck.check(config.openSearch(), config.mapping());
        return config;
    }
}
