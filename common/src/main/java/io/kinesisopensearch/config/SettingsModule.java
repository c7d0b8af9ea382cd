package io.kinesisopensearch.config;

import java.util.List;
import java.util.Map;

/**
 * One module's settings, as {@link SettingsReference} collects them: each module of the project
 * names its configuration classes here and reads its settings the way it does at start-up, so that
 * the reference learns every key and its default from the code. Found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.kinesisopensearch.config.SettingsModule}): the reference knows the
 * settings of the modules on the class path.
 */
public interface SettingsModule {

    /**
     * The classes whose {@code public static final String} constants that look like keys
     * ({@code bulk.max-wait}) are this module's settings; constants named {@code DEFAULT_*} hold
     * default values instead.
     *
     * @return the module's configuration classes
     */
    List<Class<?>> configClasses();

    /**
     * Of {@link #configClasses()}, those whose keys a stream may set for itself ({@code streams.<name>.}).
     *
     * @return those classes; none by default
     */
    default List<Class<?>> perStreamClasses() {
        return List.of();
    }

    /**
     * Values for the settings this module requires, so that {@link #read} can read a minimal configuration.
     *
     * @return values by dotted key; none by default
     */
    default Map<String, String> required() {
        return Map.of();
    }

    /**
     * Configurations, beside the minimal one, in which the module reads settings it reads only then.
     *
     * @return values by dotted key, each laid over every module's {@link #required()} values; none by default
     */
    default List<Map<String, String>> variants() {
        return List.of();
    }

    /**
     * Reads every setting the way the module does; the keys read, with their defaults, are noted.
     *
     * @param settings {@linkplain Settings#recording recording} settings to read
     */
    void read(Settings settings);
}
