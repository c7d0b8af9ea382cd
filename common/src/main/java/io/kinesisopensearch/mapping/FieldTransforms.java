package io.kinesisopensearch.mapping;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.decode.Json;
import io.kinesisopensearch.decode.TimestampFormat;
import io.kinesisopensearch.decode.Timestamps;
import io.kinesisopensearch.record.RecordCoordinates;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Changes to a decoded document before it is written, applied in this order: keep only the included
 * top-level fields, drop the excluded ones, rename, then add {@code @timestamp} and the metadata
 * object. Pointers elsewhere in the mapping (id, routing, version, timestamp) read the document as
 * decoded, before these changes, so a field can give the id and still be excluded.
 *
 * @param include         top-level fields to keep, all when empty ({@code mapping.include=orderId,amount})
 * @param exclude         top-level fields to drop ({@code mapping.exclude=password,card})
 * @param rename          top-level fields to rename ({@code mapping.rename=user_id:userId,ts:time})
 * @param metadataField   the field that receives the record's coordinates
 *                        ({@code mapping.metadata-field=kinesis}: stream, shardId, sequenceNumber,
 *                        subSequenceNumber, partitionKey, arrivalTime)
 * @param timestampPointer the field holding the event time, written as ISO-8601 UTC to
 *                        {@code @timestamp} ({@code mapping.timestamp-pointer=/time})
 * @param timestampFormat how that field is written ({@code mapping.timestamp-format}, default AUTO)
 */
public record FieldTransforms(
        Set<String> include,
        Set<String> exclude,
        Map<String, String> rename,
        Optional<String> metadataField,
        Optional<JsonPointer> timestampPointer,
        TimestampFormat timestampFormat) {

    public static final String INCLUDE = "mapping.include";
    public static final String EXCLUDE = "mapping.exclude";
    public static final String RENAME = "mapping.rename";
    public static final String METADATA_FIELD = "mapping.metadata-field";
    public static final String TIMESTAMP_POINTER = "mapping.timestamp-pointer";
    public static final String TIMESTAMP_FORMAT = "mapping.timestamp-format";
    /** The field the normalised timestamp is written to. */
    public static final String TIMESTAMP_FIELD = "@timestamp";

    public FieldTransforms {
        include = Set.copyOf(include);
        exclude = Set.copyOf(exclude);
        rename = Map.copyOf(rename);
    }

    /** No change at all: documents pass through as decoded. */
    public static FieldTransforms none() {
        return new FieldTransforms(Set.of(), Set.of(), Map.of(), Optional.empty(), Optional.empty(), TimestampFormat.AUTO);
    }

    static FieldTransforms from(Settings settings, TimestampFormat timestampFormat) {
        Set<String> include = names(settings, INCLUDE);
        Set<String> exclude = names(settings, EXCLUDE);
        if (!include.isEmpty() && !exclude.isEmpty()) {
            throw Settings.invalid(EXCLUDE, String.join(",", exclude), "set either " + Settings.describe(INCLUDE)
                    + " or " + Settings.describe(EXCLUDE) + ", not both");
        }
        Map<String, String> rename = new LinkedHashMap<>();
        Optional<String> renames = settings.find(RENAME);
        for (String entry : renames.isPresent() ? renames.get().split(",") : new String[0]) {
            String[] names = entry.split(":", -1);
            if (names.length != 2 || names[0].isBlank() || names[1].isBlank()) {
                throw Settings.invalid(RENAME, renames.get(), "each entry is from:to, as in user_id:userId,ts:time");
            }
            rename.put(names[0].trim(), names[1].trim());
        }
        Optional<String> metadata = settings.find(METADATA_FIELD);
        Optional<JsonPointer> timestamp = Json.findPointer(settings, TIMESTAMP_POINTER);
        return new FieldTransforms(include, exclude, rename, metadata, timestamp, timestampFormat);
    }

    /** True when documents are written exactly as decoded. */
    public boolean isIdentity() {
        return include.isEmpty() && exclude.isEmpty() && rename.isEmpty() && metadataField.isEmpty()
                && timestampPointer.isEmpty();
    }

    /** The event time at {@link #timestampPointer}, or null when none is configured. */
    Instant timestamp(ObjectNode document) throws InvalidDocumentException {
        if (timestampPointer.isEmpty()) {
            return null;
        }
        JsonNode value = document.at(timestampPointer.get());
        if (value.isMissingNode() || value.isNull()) {
            throw new InvalidDocumentException("no timestamp at " + timestampPointer.get());
        }
        Instant instant = Timestamps.parse(value, timestampFormat);
        if (instant == null) {
            throw new InvalidDocumentException(Json.preview(value) + " at " + timestampPointer.get()
                    + " is not a timestamp in the format " + timestampFormat);
        }
        return instant;
    }

    /** Applies the changes to {@code document} in place; {@code timestamp} is the one {@link #timestamp} found. */
    void apply(ObjectNode document, RecordCoordinates coordinates, Instant timestamp) {
        if (!include.isEmpty()) {
            document.retain(include);
        }
        if (!exclude.isEmpty()) {
            document.remove(exclude);
        }
        for (Map.Entry<String, String> names : rename.entrySet()) {
            JsonNode value = document.remove(names.getKey());
            if (value != null) {
                document.set(names.getValue(), value);
            }
        }
        if (timestamp != null) {
            document.put(TIMESTAMP_FIELD, Timestamps.format(timestamp));
        }
        if (metadataField.isPresent()) {
            ObjectNode metadata = document.putObject(metadataField.get());
            metadata.put("stream", coordinates.stream());
            metadata.put("shardId", coordinates.shardId());
            metadata.put("sequenceNumber", coordinates.sequenceNumber());
            metadata.put("subSequenceNumber", coordinates.subSequenceNumber());
            if (coordinates.partitionKey() != null) {
                metadata.put("partitionKey", coordinates.partitionKey());
            }
            if (coordinates.arrivalTime() != null) {
                metadata.put("arrivalTime", Timestamps.format(coordinates.arrivalTime()));
            }
        }
    }

    // Loops rather than streams: settings are read at every cold start, where each lambda costs a class.
    private static Set<String> names(Settings settings, String key) {
        Set<String> names = new LinkedHashSet<>();
        Optional<String> text = settings.find(key);
        for (String name : text.isPresent() ? text.get().split(",") : new String[0]) {
            if (!name.isBlank()) {
                names.add(name.trim());
            }
        }
        return names;
    }
}
