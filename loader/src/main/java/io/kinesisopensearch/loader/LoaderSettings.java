package io.kinesisopensearch.loader;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.config.SettingsModule;
import io.kinesisopensearch.loader.images.ImageLabelsConfig;
import java.util.List;
import java.util.Map;

/**
 * The loader's own settings for the settings reference ({@code load.*}, and for S3 events through
 * SQS {@code sqs.*} and {@code images.*}); it reads the sink's and the mapping's too.
 */
public final class LoaderSettings implements SettingsModule {

    @Override
    public List<Class<?>> configClasses() {
        return List.of(LoadConfig.class, S3EventsConfig.class, SqsLoadConfig.class, ImageLabelsConfig.class);
    }

    @Override
    public Map<String, String> required() {
        return Map.of(LoadConfig.SOURCE, "s3://bucket/prefix", SqsLoadConfig.QUEUE_URL,
                "https://sqs.eu-west-1.amazonaws.com/123456789012/s3-events");
    }

    @Override
    public void read(Settings settings) {
        LoadConfig.from(settings);
        S3EventsConfig.from(settings);
        SqsLoadConfig.from(settings);
        ImageLabelsConfig.from(settings);
    }
}
