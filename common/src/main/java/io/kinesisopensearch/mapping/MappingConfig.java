package io.kinesisopensearch.mapping;

import com.fasterxml.jackson.core.JsonPointer;
import io.kinesisopensearch.config.Settings;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How records become documents; the same settings drive the consumer and the transformer.
 *
 * @param index     the index every document goes to
 * @param idPointer the JSON pointer of the field holding the document id; empty to use the
 *                  record's coordinates, which keep ids stable across replays
 */
public record MappingConfig(String index, Optional<JsonPointer> idPointer) {

    public static final String INDEX = "opensearch.index";
    public static final String ID_POINTER = "mapping.id-pointer";

    // OpenSearch's own rules for index names, checked here so a bad name fails at start-up.
    private static final Pattern INDEX_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,254}");

    public MappingConfig {
        if (!INDEX_NAME.matcher(index).matches() || index.equals(".") || index.equals("..")) {
            throw Settings.invalid(INDEX, index,
                    "an OpenSearch index name is lower case letters, digits, '.', '_' or '-',"
                            + " starts with a letter or digit and has at most 255 characters");
        }
    }

    /** Reads the mapping settings; a missing or invalid one is a {@link io.kinesisopensearch.config.ConfigException}. */
    public static MappingConfig from(Settings settings) {
        String index = settings.require(INDEX, "the OpenSearch index the documents are written to");
        Optional<JsonPointer> idPointer = settings.find(ID_POINTER).map(MappingConfig::parsePointer);
        return new MappingConfig(index, idPointer);
    }

    private static JsonPointer parsePointer(String text) {
        try {
            JsonPointer pointer = JsonPointer.compile(text);
            if (pointer.matches()) {
                throw Settings.invalid(ID_POINTER, text, "the pointer must name a field, such as /orderId");
            }
            return pointer;
        } catch (IllegalArgumentException e) {
            throw Settings.invalid(ID_POINTER, text, "must be a JSON pointer such as /orderId or /order/id");
        }
    }
}
