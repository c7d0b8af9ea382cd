package io.kinesisopensearch.sink.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.mapping.IndexName;
import io.kinesisopensearch.mapping.MappingConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * What the worker sets up in OpenSearch before its first write, if anything: an index template,
 * an index with its settings and mappings, or both. The files are read and checked as JSON at
 * start-up, so a missing or broken file stops the worker before it reads a record.
 *
 * @param template      an {@code _index_template} body, applied with PUT {@code _index_template/<templateName>}
 * @param templateName  the template's name
 * @param indexSettings a create-index body (settings, mappings, aliases), applied when the index does not exist
 * @param index         the index to create with {@code indexSettings}; with {@code alias}, the alias
 * @param alias         whether {@code index} names an alias the writers write through: its first
 *                      index, {@code <alias>-000001}, is created (with {@code indexSettings}, or what a
 *                      template gives it) and made the alias's write index when the alias does not exist
 */
public record IndexBootstrapConfig(Optional<JsonFile> template, String templateName, Optional<JsonFile> indexSettings,
        String index, boolean alias) {

    /** The setting of the index template's file. */
    public static final String TEMPLATE = "opensearch.index-template";
    /** The setting of the template's name; by default the index setting without its date pattern. */
    public static final String TEMPLATE_NAME = "opensearch.index-template-name";
    /** The setting of the create-index body's file; only for an index without date pattern. */
    public static final String INDEX_SETTINGS = "opensearch.index-settings";
    /**
     * The setting that makes {@code opensearch.index} an alias: the writers write through it, and a
     * reindex can move it to an index with another mapping without downtime.
     */
    public static final String ALIAS = "opensearch.index-alias";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A JSON object read from {@code path}, and the setting that named it.
     *
     * @param key  the setting that named the file
     * @param path the file
     * @param json its content, one JSON object
     */
    public record JsonFile(String key, Path path, String json) {
    }

    /**
     * Whether there is nothing to set up.
     *
     * @return true with neither a template nor index settings
     */
    public boolean isEmpty() {
        return template.isEmpty() && indexSettings.isEmpty() && !alias;
    }

    /**
     * The name of an alias's {@code generation}th index: {@code orders-000001} is the first of {@code orders}.
     *
     * @param alias      the alias
     * @param generation 1 for the index bootstrap creates, 2 for the first reindex's, and so on
     * @return the index name
     */
    public static String generation(String alias, int generation) {
        return String.format(Locale.ROOT, "%s-%06d", alias, generation);
    }

    /**
     * The alias the settings make the index, if they do: for a sink that learns of it without
     * setting the index up (the Lambda handlers, the loader).
     *
     * @param settings the settings
     * @return {@code opensearch.index} when {@code opensearch.index-alias} is true, else empty
     * @throws ConfigException when the index is a date pattern or missing
     */
    public static Optional<String> alias(Settings settings) {
        if (!settings.getBoolean(ALIAS, false)) {
            return Optional.empty();
        }
        String index = settings.require(MappingConfig.INDEX,
                "the alias the documents are written through (" + ALIAS + " is true)");
        IndexName name = IndexName.parse(MappingConfig.INDEX, index);
        requireFixed(name);
        return Optional.of(name.resolve(null));
    }

    /**
     * Reads and checks the files the settings name.
     *
     * @param settings the settings
     * @param index    the index setting the documents go to
     * @return what to set up; {@linkplain #isEmpty() nothing} when no file is named
     * @throws ConfigException when a file cannot be read or holds no JSON object, a template has no
     *         name, or index settings are given for a date pattern
     */
    public static IndexBootstrapConfig from(Settings settings, IndexName index) {
        Optional<JsonFile> template = settings.find(TEMPLATE).map(path -> read(TEMPLATE, path));
        Optional<JsonFile> indexSettings = settings.find(INDEX_SETTINGS).map(path -> read(INDEX_SETTINGS, path));
        String templateName = settings.find(TEMPLATE_NAME).orElseGet(() -> defaultTemplateName(index));
        if (template.isPresent() && templateName.isEmpty()) {
            settings.require(TEMPLATE_NAME, "the name of the index template; " + index + " leaves none");
        }
        if (indexSettings.isPresent() && !index.isFixed()) {
            throw Settings.invalid(INDEX_SETTINGS, indexSettings.get().path().toString(),
                    "creates one index, but the index " + index + " is a date pattern; use " + TEMPLATE + " for it");
        }
        boolean alias = settings.getBoolean(ALIAS, false);
        if (alias) {
            requireFixed(index);
        }
        return new IndexBootstrapConfig(template, templateName, indexSettings, index.isFixed() ? index.resolve(null) : "",
                alias);
    }

    private static void requireFixed(IndexName index) {
        if (!index.isFixed()) {
            throw Settings.invalid(ALIAS, "true", "makes one alias of the index, but the index " + index
                    + " is a date pattern; use it with a fixed index name");
        }
    }

    /** The index setting without its date patterns and the separators they leave: {@code logs-{yyyy.MM.dd}} gives {@code logs}. */
    static String defaultTemplateName(IndexName index) {
        return index.toString().replaceAll("\\{[^}]*}", "").replaceAll("[-._]+$", "");
    }

    private static JsonFile read(String key, String location) {
        Path path = Path.of(location);
        String json;
        try {
            json = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw Settings.invalid(key, location, "cannot read the file: " + e);
        }
        try {
            if (!JSON.readTree(json).isObject()) {
                throw Settings.invalid(key, location, "the file must hold one JSON object");
            }
        } catch (JsonProcessingException e) {
            throw Settings.invalid(key, location, "not JSON: " + e.getOriginalMessage().replace('\n', ' '));
        }
        return new JsonFile(key, path, json);
    }

    /** The one-line start-up error for a file OpenSearch refused. */
    static ConfigException refused(JsonFile file, String what, String answer) {
        return new ConfigException("OpenSearch refused " + what + " from " + Settings.describe(file.key()) + " = '"
                + file.path() + "': " + answer);
    }
}
