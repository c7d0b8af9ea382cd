package io.kinesisopensearch.sink.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.mapping.IndexName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the worker sets up in OpenSearch before its first write, if anything: an index template,
 * an index with its settings and mappings, or both. The files are read and checked as JSON at
 * start-up, so a missing or broken file stops the worker before it reads a record.
 *
 * @param template      an {@code _index_template} body, applied with PUT {@code _index_template/<templateName>}
 * @param templateName  the template's name
 * @param indexSettings a create-index body (settings, mappings, aliases), applied when the index does not exist
 * @param index         the index to create with {@code indexSettings}
 */
public record IndexBootstrapConfig(Optional<JsonFile> template, String templateName, Optional<JsonFile> indexSettings,
        String index) {

    /** The setting of the index template's file. */
    public static final String TEMPLATE = "opensearch.index-template";
    /** The setting of the template's name; by default the index setting without its date pattern. */
    public static final String TEMPLATE_NAME = "opensearch.index-template-name";
    /** The setting of the create-index body's file; only for an index without date pattern. */
    public static final String INDEX_SETTINGS = "opensearch.index-settings";

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
        return template.isEmpty() && indexSettings.isEmpty();
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
        return new IndexBootstrapConfig(template, templateName, indexSettings, index.isFixed() ? index.resolve(null) : "");
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
