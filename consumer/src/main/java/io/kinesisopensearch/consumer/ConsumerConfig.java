package io.kinesisopensearch.consumer;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.consumer.bulk.OpenSearchConfig;
import io.kinesisopensearch.mapping.MappingConfig;

/**
 * Everything a worker needs, read once at start-up so that a bad setting stops it before it reads
 * a record.
 */
public record ConsumerConfig(
        KinesisSourceConfig source,
        AwsClientConfig aws,
        OpenSearchConfig openSearch,
        MappingConfig mapping) {

    /** Reads and checks every setting; throws a {@link io.kinesisopensearch.config.ConfigException} naming the first bad one. */
    public static ConsumerConfig from(Settings settings) {
        return new ConsumerConfig(
                KinesisSourceConfig.from(settings),
                AwsClientConfig.from(settings),
                OpenSearchConfig.from(settings),
                MappingConfig.from(settings));
    }
}
