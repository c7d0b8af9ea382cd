package io.kinesisopensearch.loader;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.config.SettingsModule;
import java.util.List;
import java.util.Map;

/** The loader's own settings for the settings reference ({@code load.*}); it reads the sink's and the mapping's too. */
public final class LoaderSettings implements SettingsModule {

    @Override
    public List<Class<?>> configClasses() {
        return List.of(LoadConfig.class);
    }

    @Override
    public Map<String, String> required() {
        return Map.of(LoadConfig.SOURCE, "s3://bucket/prefix");
    }

    @Override
    public void read(Settings settings) {
        LoadConfig.from(settings);
    }
}
