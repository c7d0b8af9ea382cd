package io.kinesisopensearch.consumer;

import io.kinesisopensearch.config.AwsKeys;
import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.consumer.bulk.AwsSigning;
import io.kinesisopensearch.consumer.bulk.BulkConfig;
import io.kinesisopensearch.consumer.bulk.IndexBootstrapConfig;
import io.kinesisopensearch.consumer.bulk.OpenSearchConfig;
import io.kinesisopensearch.consumer.bulk.TlsConfig;
import io.kinesisopensearch.consumer.deadletter.DeadLetterConfig;
import io.kinesisopensearch.consumer.load.LoadConfig;
import io.kinesisopensearch.consumer.metrics.MetricsConfig;
import io.kinesisopensearch.consumer.processor.ShardPacing;
import io.kinesisopensearch.decode.CloudWatchLogsDecoder;
import io.kinesisopensearch.decode.CsvOptions;
import io.kinesisopensearch.decode.DecoderOptions;
import io.kinesisopensearch.mapping.DocumentIds;
import io.kinesisopensearch.mapping.FieldTransforms;
import io.kinesisopensearch.mapping.MappingConfig;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every setting the worker knows, collected from its configuration classes so that the list cannot
 * drift from the code: each {@code public static final String} constant of a registered class
 * whose value looks like a key ({@code bulk.max-wait}, {@code streams}) is a setting, except
 * constants named {@code DEFAULT_*}, which hold default values. A new setting is a new constant;
 * a new configuration class is one line in {@link #CONFIG_CLASSES}. Each setting's default is
 * learnt from the code too: a {@linkplain Settings#recording recording} configuration is read the
 * way the worker reads it, noting the default each key is read with. What a setting means is said
 * in the README's settings table, which a test holds to this list both ways (names and defaults).
 *
 * <p>It also catches typing mistakes in the settings file: a key no class knows stops the worker,
 * naming the closest known key. Environment variables are not checked, since the environment
 * holds many variables that are no settings of the worker.
 */
public final class SettingsReference {

    /** The classes whose keys a stream may set for itself under {@code streams.<name>.}: its mapping. */
    static final List<Class<?>> PER_STREAM_CLASSES = List.of(
            MappingConfig.class,
            DecoderOptions.class,
            CsvOptions.class,
            CloudWatchLogsDecoder.class,
            DocumentIds.class,
            FieldTransforms.class,
            IndexBootstrapConfig.class);

    /** The classes whose key constants are the worker's settings: the worker's own, then the per-stream ones. */
    static final List<Class<?>> CONFIG_CLASSES = Stream.concat(Stream.of(
            KinesisSourceConfig.class,
            ShardPacing.class,
            SourceStream.class,
            DynamoDbStreamsConfig.class,
            AwsClientConfig.class,
            AwsKeys.class,
            OpenSearchConfig.class,
            AwsSigning.class,
            TlsConfig.class,
            BulkConfig.class,
            DeadLetterConfig.class,
            ConsumerConfig.class,
            MetricsConfig.class,
            LoadConfig.class), PER_STREAM_CLASSES.stream()).toList();

    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z0-9-]+)*");

    /**
     * One setting.
     *
     * @param key             the dotted key, as in the settings file
     * @param environmentName the environment variable
     * @param defaultValue    the default the worker reads it with, {@value Settings#REQUIRED}, or empty for none
     * @param declaredBy      the constant that declares it, {@code Class.FIELD}
     * @param perStream       whether a stream may set its own under {@code streams.<name>.}
     */
    public record Setting(String key, String environmentName, String defaultValue, String declaredBy,
            boolean perStream) {
    }

    private SettingsReference() {
    }

    /** Every setting the worker knows, sorted by key. */
    public static List<Setting> settings() {
        List<String> perStream = keysOf(PER_STREAM_CLASSES).keySet().stream().toList();
        Map<String, String> defaults = readByTheWorker();
        return keysOf(CONFIG_CLASSES).entrySet().stream()
                .map(entry -> new Setting(entry.getKey(), Settings.environmentName(entry.getKey()),
                        defaults.getOrDefault(entry.getKey(), ""), entry.getValue(), perStream.contains(entry.getKey())))
                .sorted(Comparator.comparing(Setting::key))
                .toList();
    }

    /**
     * Every key the worker (and its dead-letter replay and S3 load) reads from a minimal configuration, and from
     * the variants that make it read the settings it reads only in some configurations, with the
     * default it reads each key with.
     */
    static Map<String, String> readByTheWorker() {
        Map<String, String> reads = new TreeMap<>();
        for (Map<String, String> variant : VARIANTS) {
            Map<String, String> values = new LinkedHashMap<>(Map.of(
                    KinesisSourceConfig.STREAM, "stream",
                    KinesisSourceConfig.APPLICATION_NAME, "application",
                    OpenSearchConfig.URL, "http://localhost:9200",
                    MappingConfig.INDEX, "index",
                LoadConfig.SOURCE, "s3://bucket/prefix"));
            values.putAll(variant);
            Settings probe = Settings.recording(values, reads);
            ConsumerConfig.from(probe);
            DeadLetterConfig.replayFailures(probe);
            LoadConfig.from(probe);
        }
        return reads;
    }

    /**
     * Besides the minimal configuration: CSV settings are read for the CSV format, a session token with
     * keys, the signing settings with SigV4.
     */
    private static final List<Map<String, String>> VARIANTS = List.of(
            Map.of(),
            Map.of(DecoderOptions.FORMAT, "csv"),
            Map.of(AwsKeys.ACCESS_KEY_ID, "id", AwsKeys.SECRET_ACCESS_KEY, "secret"),
            Map.of(OpenSearchConfig.URL, "https://search.example.com", OpenSearchConfig.AUTH, "sigv4",
                    AwsSigning.SERVICE, "aoss", AwsSigning.COLLECTION_TYPE, "search",
                    AwsSigning.REGION, "us-east-1"));

    /**
     * Throws a {@link ConfigException} when the settings file has a key the worker does not know,
     * naming it and the closest known key. {@code streams.<name>.<key>} is known when the stream
     * is listed in {@code streams} and {@code <key>} is a mapping key.
     */
    public static void checkFileKeys(Settings settings) {
        if (settings.fileKeys().isEmpty()) {
            return;
        }
        List<Setting> known = settings();
        Map<String, String> candidates = new LinkedHashMap<>();
        known.forEach(setting -> candidates.put(setting.environmentName(), setting.key()));
        for (String stream : settings.find(SourceStream.STREAMS).map(list -> Arrays.stream(list.split(","))
                .map(String::trim).toList()).orElse(List.of())) {
            known.stream().filter(Setting::perStream).map(setting -> SourceStream.prefix(stream) + setting.key())
                    .forEach(key -> candidates.put(Settings.environmentName(key), key));
        }
        for (String key : settings.fileKeys()) {
            String name = Settings.environmentName(key);
            if (!candidates.containsKey(name)) {
                String closest = closest(name, candidates);
                throw new ConfigException("Unknown setting " + key + " in the file named by "
                        + Settings.CONFIG_FILE_VARIABLE + "; did you mean " + Settings.describe(closest) + "?"
                        + (name.startsWith(Settings.environmentName(SourceStream.PREFIX))
                        ? " A stream's own keys are its mapping keys, for a stream listed in "
                        + SourceStream.STREAMS + "." : ""));
            }
        }
    }

    private static String closest(String name, Map<String, String> candidates) {
        return candidates.entrySet().stream()
                .min(Comparator.comparingInt((Map.Entry<String, String> entry) -> distance(name, entry.getKey()))
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getValue).orElseThrow();
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** Key to the constant declaring it, for the key constants of {@code classes}. */
    private static Map<String, String> keysOf(List<Class<?>> classes) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (Class<?> type : classes) {
            for (Field field : type.getFields()) {
                int modifiers = field.getModifiers();
                if (field.getType() != String.class || !Modifier.isStatic(modifiers) || !Modifier.isFinal(modifiers)
                        || field.getName().startsWith("DEFAULT")) {
                    continue;
                }
                String value = value(field);
                if (KEY.matcher(value).matches()) {
                    keys.putIfAbsent(value, type.getSimpleName() + "." + field.getName());
                }
            }
        }
        return keys;
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Prints the settings, one a line: key, environment name, default, declaring constant. */
    public static void main(String[] args) {
        List<String> lines = new ArrayList<>();
        for (Setting setting : settings()) {
            lines.add(setting.key() + "\t" + setting.environmentName() + "\t" + setting.defaultValue() + "\t"
                    + setting.declaredBy()
                    + (setting.perStream() ? "\tper stream" : ""));
        }
        lines.forEach(System.out::println);
    }
}
