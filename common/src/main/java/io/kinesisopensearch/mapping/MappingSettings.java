package io.kinesisopensearch.mapping;

import io.kinesisopensearch.config.AwsKeys;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.config.SettingsModule;
import io.kinesisopensearch.config.SourceType;
import io.kinesisopensearch.decode.CloudWatchLogsDecoder;
import io.kinesisopensearch.decode.CsvOptions;
import io.kinesisopensearch.decode.DecoderOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The common module's settings: the mapping (each stream may have its own), AWS keys, the source type. */
public final class MappingSettings implements SettingsModule {

    private static final List<Class<?>> MAPPING = List.of(MappingConfig.class, DecoderOptions.class, CsvOptions.class,
            CloudWatchLogsDecoder.class, DocumentIds.class, FieldTransforms.class, MappingHooks.class);

    @Override
    public List<Class<?>> configClasses() {
        List<Class<?>> classes = new ArrayList<>(MAPPING);
        classes.add(AwsKeys.class);
        classes.add(SourceType.class);
        return classes;
    }

    @Override
    public List<Class<?>> perStreamClasses() {
        return MAPPING;
    }

    @Override
    public Map<String, String> required() {
        return Map.of(MappingConfig.INDEX, "index");
    }

    @Override
    public List<Map<String, String>> variants() {
        // CSV settings are read for the CSV format, a session token with keys.
        return List.of(Map.of(DecoderOptions.FORMAT, "csv"),
                Map.of(AwsKeys.ACCESS_KEY_ID, "id", AwsKeys.SECRET_ACCESS_KEY, "secret"));
    }

    @Override
    public void read(Settings settings) {
        MappingConfig.from(settings);
        AwsKeys.from(settings);
        SourceType.from(settings);
    }
}
