package io.kinesisopensearch.consumer;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.config.SettingsModule;
import io.kinesisopensearch.consumer.dependency.DependencyConfig;
import io.kinesisopensearch.consumer.metrics.MetricsConfig;
import io.kinesisopensearch.consumer.metrics.WatchConfig;
import io.kinesisopensearch.consumer.processor.ShardPacing;
import java.util.List;
import java.util.Map;

/** The worker's own settings for the settings reference: its source, KCL, pacing, metrics. */
public final class ConsumerSettings implements SettingsModule {

    @Override
    public List<Class<?>> configClasses() {
        return List.of(KinesisSourceConfig.class, ShardPacing.class, SourceStream.class, DynamoDbStreamsConfig.class,
                ConsumerConfig.class, MetricsConfig.class, WatchConfig.class, DependencyConfig.class);
    }

    @Override
    public Map<String, String> required() {
        return Map.of(KinesisSourceConfig.STREAM, "stream", KinesisSourceConfig.APPLICATION_NAME, "application");
    }

    @Override
    public void read(Settings settings) {
        ConsumerConfig.from(settings);
    }
}
