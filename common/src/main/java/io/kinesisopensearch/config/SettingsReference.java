package io.kinesisopensearch.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Every setting the modules on the class path know, collected from their configuration classes
 * ({@link SettingsModule}) so that the list cannot drift from the code: a new setting is a new key
 * constant, a new configuration class one line in its module's {@link SettingsModule}. Each
 * setting's default is learnt from the code too: a {@linkplain Settings#recording recording}
 * configuration is read the way each module reads it, noting the default each key is read with.
 * What a setting means is said in the README's settings table, which a test holds to this list
 * both ways (names and defaults).
 *
 * <p>It also catches typing mistakes in the settings file: a key no module knows stops the
 * application, naming the closest known key. Environment variables are not checked, since the
 * environment holds many variables that are no settings.
 */
public final class SettingsReference {

    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z0-9-]+)*");

    /**
     * One setting.
     *
     * @param key             the dotted key, as in the settings file
     * @param environmentName the environment variable
     * @param defaultValue    the default it is read with, {@value Settings#REQUIRED}, or empty for none
     * @param declaredBy      the constant that declares it, {@code Class.FIELD}
     * @param perStream       whether a stream may set its own under {@code streams.<name>.}
     */
    public record Setting(String key, String environmentName, String defaultValue, String declaredBy,
            boolean perStream) {
    }

    private SettingsReference() {
    }

    /** The modules on the class path, in a stable order. */
    static List<SettingsModule> modules() {
        List<SettingsModule> modules = new ArrayList<>();
        ServiceLoader.load(SettingsModule.class, SettingsReference.class.getClassLoader()).forEach(modules::add);
        modules.sort(Comparator.comparing(module -> module.getClass().getName()));
        return modules;
    }

    /** Every setting the modules on the class path know, sorted by key. */
    public static List<Setting> settings() {
        List<SettingsModule> modules = modules();
        List<Class<?>> all = new ArrayList<>();
        List<Class<?>> perStreamClasses = new ArrayList<>();
        for (SettingsModule module : modules) {
            all.addAll(module.configClasses());
            perStreamClasses.addAll(module.perStreamClasses());
        }
        List<String> perStream = new ArrayList<>(keysOf(perStreamClasses).keySet());
        Map<String, String> defaults = readByTheModules();
        List<Setting> settings = new ArrayList<>();
        keysOf(all).forEach((key, declaredBy) -> settings.add(new Setting(key, Settings.environmentName(key),
                defaults.getOrDefault(key, ""), declaredBy, perStream.contains(key))));
        settings.sort(Comparator.comparing(Setting::key));
        return settings;
    }

    /**
     * Every key the modules read from a minimal configuration, and from the variants that make them
     * read the settings they read only in some configurations, with the default each is read with.
     */
    public static Map<String, String> readByTheModules() {
        List<SettingsModule> modules = modules();
        Map<String, String> minimal = new LinkedHashMap<>();
        List<Map<String, String>> variants = new ArrayList<>();
        variants.add(Map.of());
        for (SettingsModule module : modules) {
            minimal.putAll(module.required());
            variants.addAll(module.variants());
        }
        Map<String, String> reads = new TreeMap<>();
        for (Map<String, String> variant : variants) {
            Map<String, String> values = new LinkedHashMap<>(minimal);
            values.putAll(variant);
            Settings probe = Settings.recording(values, reads);
            for (SettingsModule module : modules) {
                module.read(probe);
            }
        }
        return reads;
    }

    /**
     * Throws a {@link ConfigException} when the settings file has a key no module knows, naming it
     * and the closest known key. For each stream listed, {@code <streamsKey>.<stream>.<key>} is known
     * when {@code <key>} is a per-stream key.
     *
     * @param streamsKey the setting that lists the streams, {@code streams}
     * @param streams    the streams it lists
     */
    public static void checkFileKeys(Settings settings, String streamsKey, List<String> streams) {
        if (settings.fileKeys().isEmpty()) {
            return;
        }
        List<Setting> known = settings();
        Map<String, String> candidates = new LinkedHashMap<>();
        known.forEach(setting -> candidates.put(setting.environmentName(), setting.key()));
        for (String stream : streams) {
            String prefix = streamsKey + "." + stream + ".";
            for (Setting setting : known) {
                if (setting.perStream()) {
                    candidates.put(Settings.environmentName(prefix + setting.key()), prefix + setting.key());
                }
            }
        }
        for (String key : settings.fileKeys()) {
            String name = Settings.environmentName(key);
            if (!candidates.containsKey(name)) {
                throw new ConfigException("Unknown setting " + key + " in the file named by "
                        + Settings.CONFIG_FILE_VARIABLE + "; did you mean " + Settings.describe(closest(name, candidates))
                        + "?" + (name.startsWith(Settings.environmentName(streamsKey + "."))
                        ? " A stream's own keys are its mapping keys, for a stream listed in " + streamsKey + "." : ""));
            }
        }
    }

    private static String closest(String name, Map<String, String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Map.Entry<String, String> entry : new TreeMap<>(candidates).entrySet()) {
            int distance = distance(name, entry.getKey());
            if (distance < bestDistance) {
                best = entry.getValue();
                bestDistance = distance;
            }
        }
        return best;
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
        for (Setting setting : settings()) {
            System.out.println(setting.key() + "\t" + setting.environmentName() + "\t" + setting.defaultValue() + "\t"
                    + setting.declaredBy() + (setting.perStream() ? "\tper stream" : ""));
        }
    }
}
