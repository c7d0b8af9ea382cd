package io.kinesisopensearch.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The one configuration loader of the project: settings from a properties file, overridden by
 * environment variables.
 *
 * <p>Every setting has a dotted key, used in the file ({@code opensearch.url}), and an environment
 * name derived from it ({@code OPENSEARCH_URL}: upper case, dots and dashes become underscores).
 * The file may use either spelling; it is named by the environment variable
 * {@value #CONFIG_FILE_VARIABLE}. Errors are
 * {@link ConfigException}s whose message names the setting in both spellings and says what to fix.
 *
 * <p>A {@linkplain #withPrefix(String) prefixed view} reads {@code <prefix><key>} first and falls
 * back to {@code <key>}: the way one worker gives each of its streams its own mapping.
 */
public final class Settings {

    /** Environment variable naming an optional properties file with settings. */
    public static final String CONFIG_FILE_VARIABLE = "KINESIS_OPENSEARCH_CONFIG";

    private final Map<String, String> environment;
    private final Map<String, String> file;
    private final List<String> fileKeys;
    private final String prefix;
    /** Where a {@linkplain #recording recording} instance notes each key read and its default; else null. */
    private final Map<String, String> reads;

    private Settings(Map<String, String> environment, Map<String, String> file, List<String> fileKeys, String prefix,
            Map<String, String> reads) {
        this.environment = Map.copyOf(environment);
        this.file = Map.copyOf(file);
        this.fileKeys = List.copyOf(fileKeys);
        this.prefix = prefix;
        this.reads = reads;
    }

    /**
     * Settings from this process's environment and the file it names, if any.
     *
     * @return the settings, environment variables winning over the file
     * @throws ConfigException when the file named by {@value #CONFIG_FILE_VARIABLE} cannot be read
     */
    public static Settings fromEnvironment() {
        return load(System.getenv());
    }

    /**
     * Settings from the given environment and the file named by its {@value #CONFIG_FILE_VARIABLE};
     * environment variables win over the file.
     *
     * @param environment environment variables by name, as {@link System#getenv()} gives them
     * @return the settings
     * @throws ConfigException when the file named by {@value #CONFIG_FILE_VARIABLE} cannot be read
     */
    public static Settings load(Map<String, String> environment) {
        String fileName = environment.get(CONFIG_FILE_VARIABLE);
        if (fileName == null || fileName.isBlank()) {
            return new Settings(environment, Map.of(), List.of(), "", null);
        }
        Properties properties = readFile(Path.of(fileName));
        Map<String, String> values = new HashMap<>();
        List<String> keys = new ArrayList<>();
        properties.forEach((key, value) -> {
            keys.add(key.toString().trim());
            values.put(environmentName(key.toString().trim()), value.toString());
        });
        keys.sort(null);
        return new Settings(environment, values, keys, "", null);
    }

    /**
     * Settings from a map whose keys are dotted keys or environment names, as a test or an embedding
     * application would give them. No environment variable and no file is read.
     *
     * @param values values by dotted key ({@code opensearch.url}) or environment name ({@code OPENSEARCH_URL})
     * @return the settings
     */
    public static Settings of(Map<String, String> values) {
        Map<String, String> byEnvironmentName = new HashMap<>();
        values.forEach((key, value) -> byEnvironmentName.put(environmentName(key), value));
        return new Settings(byEnvironmentName, Map.of(), List.of(), "", null);
    }

    /**
     * Settings like {@link #of}, which note in {@code reads}, for each key the code reads, the
     * default it gives: {@value #REQUIRED} for a required setting, the default's text (durations as
     * {@code 1500ms}, {@code 30s}, {@code 1m}), or an empty string where there is none. This is how
     * the worker's settings reference learns its defaults from the code itself.
     *
     * @param values values by dotted key or environment name, as for {@link #of}
     * @param reads  a mutable map that receives each key read (dotted, without prefix) and its default;
     *               the first non-empty default noted for a key stays
     * @return the settings
     */
    public static Settings recording(Map<String, String> values, Map<String, String> reads) {
        Map<String, String> byEnvironmentName = new HashMap<>();
        values.forEach((key, value) -> byEnvironmentName.put(environmentName(key), value));
        return new Settings(byEnvironmentName, Map.of(), List.of(), "", reads);
    }

    /** What {@link #recording} notes for a required setting. */
    public static final String REQUIRED = "required";

    /**
     * A view in which {@code key} means {@code prefix + key} when that is set, and {@code key}
     * otherwise: {@code withPrefix("streams.orders.").find("opensearch.index")} reads
     * {@code streams.orders.opensearch.index}, else {@code opensearch.index}.
     *
     * @param prefix the prefix, with its trailing dot; it replaces a prefix this view already has
     * @return the view; these settings are unchanged
     */
    public Settings withPrefix(String prefix) {
        return new Settings(environment, file, fileKeys, prefix, reads);
    }

    /**
     * These settings with {@code key} set to {@code value}, over what the environment and the file
     * say: for a command that runs a part of the pipeline on another index, say.
     *
     * @param key   a dotted key
     * @param value its value
     * @return the new settings; these are unchanged
     */
    public Settings with(String key, String value) {
        Map<String, String> changed = new HashMap<>(environment);
        changed.put(environmentName(key), value);
        return new Settings(changed, file, fileKeys, prefix, reads);
    }

    /**
     * The keys of the settings file as written in it (dotted keys or environment names), sorted;
     * empty without a file. The environment is not listed: it holds many variables that are no
     * settings.
     *
     * @return the file's keys
     */
    public List<String> fileKeys() {
        return fileKeys;
    }

    /**
     * The environment variable that sets {@code key}: upper case, dots and dashes become underscores.
     *
     * @param key a dotted key, such as {@code opensearch.url}
     * @return its environment name, such as {@code OPENSEARCH_URL}
     */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * The value of {@code key}, blank values counting as absent.
     *
     * @param key a dotted key
     * @return the value without surrounding white space, or empty when it is unset or blank
     */
    public Optional<String> find(String key) {
        note(key, "");
        if (!prefix.isEmpty()) {
            Optional<String> own = lookUp(prefix + key);
            if (own.isPresent()) {
                return own;
            }
        }
        return lookUp(key);
    }

    private Optional<String> lookUp(String key) {
        String name = environmentName(key);
        String value = environment.getOrDefault(name, file.get(name));
        // Plain code, no lambdas: every setting is read here at start-up, where each lambda costs a class.
        String trimmed = value == null ? "" : value.trim();
        return trimmed.isEmpty() ? Optional.empty() : Optional.of(trimmed);
    }

    /**
     * The value of a required setting.
     *
     * @param key     a dotted key
     * @param purpose what the setting is for, which completes the error message when it is missing
     * @return the value without surrounding white space
     * @throws ConfigException when the setting is unset or blank
     */
    public String require(String key, String purpose) {
        note(key, REQUIRED);
        Optional<String> value = find(key);
        if (value.isEmpty()) {
            throw new ConfigException("Missing setting " + describe(key) + ": " + purpose);
        }
        return value.get();
    }

    /**
     * The value of {@code key}, or a default.
     *
     * @param key          a dotted key
     * @param defaultValue what to return when the setting is unset or blank
     * @return the value without surrounding white space, or {@code defaultValue}
     */
    public String get(String key, String defaultValue) {
        note(key, defaultValue);
        return find(key).orElse(defaultValue);
    }

    /**
     * An absolute http:// or https:// URL with a host.
     *
     * @param key     a dotted key
     * @param example a URL of the expected form, for the error message
     * @return the URL, or empty when the setting is unset or blank
     * @throws ConfigException when the value is no such URL
     */
    public Optional<URI> findUrl(String key, String example) {
        Optional<String> text = find(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(text.get());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw invalid(key, text.get(), "must be an http:// or https:// URL such as " + example);
    }

    /**
     * A whole number within bounds.
     *
     * @param key          a dotted key
     * @param defaultValue what to return when the setting is unset or blank; not checked against the bounds
     * @param min          the smallest value allowed
     * @param max          the largest value allowed
     * @return the value, or {@code defaultValue}
     * @throws ConfigException when the value is no whole number or lies outside {@code min..max}
     */
    public int getInt(String key, int defaultValue, int min, int max) {
        note(key, Integer.toString(defaultValue));
        Optional<String> raw = find(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value < min || value > max) {
                throw invalid(key, raw.get(), "must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw invalid(key, raw.get(), "must be a whole number between " + min + " and " + max);
        }
    }

    /**
     * A boolean: {@code true}, {@code yes} or {@code 1}; {@code false}, {@code no} or {@code 0}; in any case.
     *
     * @param key          a dotted key
     * @param defaultValue what to return when the setting is unset or blank
     * @return the value, or {@code defaultValue}
     * @throws ConfigException for any other value
     */
    public boolean getBoolean(String key, boolean defaultValue) {
        note(key, Boolean.toString(defaultValue));
        Optional<String> raw = find(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw invalid(key, raw.get(), "must be true or false");
        };
    }

    /**
     * A duration written as a number with a unit ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}),
     * as ISO-8601 ({@code PT30S}), or as bare milliseconds.
     *
     * @param key          a dotted key
     * @param defaultValue what to return when the setting is unset or blank; may be {@code null}
     * @return the duration, or {@code defaultValue}
     * @throws ConfigException when the value is no duration or is negative
     */
    public Duration getDuration(String key, Duration defaultValue) {
        note(key, defaultValue == null ? "" : Durations.text(defaultValue));
        Optional<String> raw = find(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        Duration value = Durations.parse(raw.get());
        if (value == null || value.isNegative()) {
            throw invalid(key, raw.get(), "must be a duration such as 500ms, 30s, 5m or PT1M");
        }
        return value;
    }

    /**
     * An enum constant, matched by name without regard to case, dashes standing for underscores.
     *
     * @param <E>          the enum type
     * @param key          a dotted key
     * @param type         the enum's class
     * @param defaultValue what to return when the setting is unset or blank; may be {@code null}
     * @return the constant, or {@code defaultValue}
     * @throws ConfigException naming the allowed values when no constant matches
     */
    public <E extends Enum<E>> E getEnum(String key, Class<E> type, E defaultValue) {
        note(key, defaultValue == null ? "" : defaultValue.name());
        Optional<String> raw = find(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        String wanted = raw.get().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(wanted)) {
                return constant;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
        throw invalid(key, raw.get(), "allowed values are " + allowed);
    }

    /**
     * A {@link ConfigException} for a value that is present but wrong, naming the setting in both spellings.
     *
     * @param key   the setting's dotted key
     * @param value the value found
     * @param rule  what is wrong or what the value must be, such as {@code must be true or false}
     * @return the exception, for the caller to throw
     */
    public static ConfigException invalid(String key, String value, String rule) {
        return new ConfigException("Invalid setting " + describe(key) + " = '" + value + "': " + rule);
    }

    /**
     * How a setting is named in messages: both its spellings.
     *
     * @param key a dotted key
     * @return for example {@code bulk.max-wait (environment variable BULK_MAX_WAIT)}
     */
    public static String describe(String key) {
        return key + " (environment variable " + environmentName(key) + ")";
    }

    /** The first default noted for {@code key} wins over a later bare read. */
    private void note(String key, String defaultValue) {
        if (reads != null) {
            reads.merge(key, defaultValue == null ? "" : defaultValue, (noted, later) -> noted.isEmpty() ? later : noted);
        }
    }

    /**
     * A duration as {@link #getDuration} reads it.
     *
     * @param text a duration such as {@code 30s}, {@code PT30S} or {@code 1500}
     * @return the duration, or empty when {@code text} is no duration or is negative
     */
    public static Optional<Duration> duration(String text) {
        return Optional.ofNullable(Durations.parse(text)).filter(value -> !value.isNegative());
    }

    private static Properties readFile(Path path) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("Cannot read the configuration file " + path + " named by "
                    + CONFIG_FILE_VARIABLE + ": " + e);
        }
        return properties;
    }
}
