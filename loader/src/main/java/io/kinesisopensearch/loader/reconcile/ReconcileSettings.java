package io.kinesisopensearch.loader.reconcile;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.config.SettingsModule;
import java.util.List;
import java.util.Map;

/**
 * The reconcile's own settings for the settings reference ({@code reconcile.*}); it reads the
 * load's, the sink's and the mapping's too. Its own module, so that the loader's package does not
 * depend on this one.
 */
public final class ReconcileSettings implements SettingsModule {

    @Override
    public List<Class<?>> configClasses() {
        return List.of(ReconcileConfig.class);
    }

    @Override
    public Map<String, String> required() {
        return Map.of(ReconcileConfig.SOURCE, "dynamodb:orders");
    }

    @Override
    public List<Map<String, String>> variants() {
        return List.of(Map.of(ReconcileConfig.SOURCE, "s3://bucket/prefix"));
    }

    @Override
    public void read(Settings settings) {
        ReconcileConfig.from(settings);
    }
}
