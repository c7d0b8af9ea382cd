package io.kinesisopensearch.loader.reindex;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.config.SettingsModule;
import java.util.List;

/** The reindex's own settings for the settings reference ({@code reindex.*}); it reads the sink's, the mapping's and the reconcile's too. */
public final class ReindexSettings implements SettingsModule {

    @Override
    public List<Class<?>> configClasses() {
        return List.of(ReindexConfig.class);
    }

    @Override
    public void read(Settings settings) {
        // ReindexConfig.from needs an alias and a mapping file besides; its own setting is this one.
        settings.get(ReindexConfig.SOURCE, ReindexConfig.INDEX_SOURCE);
    }
}
