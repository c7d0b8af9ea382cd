package io.kinesisopensearch.mapping;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.decode.ActionType;
import io.kinesisopensearch.decode.DecodedDocument;
import io.kinesisopensearch.decode.Json;
import io.kinesisopensearch.record.RecordCoordinates;
import java.io.IOException;
import java.time.Instant;

/** Turns one decoded document into its action, following a {@link MappingConfig}. Thread-safe. */
final class ActionBuilder {

    private final MappingConfig config;

    ActionBuilder(MappingConfig config) {
        this.config = config;
    }

    DocumentAction build(RecordCoordinates coordinates, DecodedDocument document) throws InvalidDocumentException {
        // Everything looked up by pointer is read before the transforms change the document.
        ActionType type = document.action() != null ? document.action() : config.action();
        String id = config.ids().resolve(coordinates, document);
        String routing = config.routingPointer().isPresent() ? routing(document, config.routingPointer().get()) : null;
        Long version = config.versionPointer().isPresent() ? version(document, config.versionPointer().get())
                : type == ActionType.UPSERT ? null : document.version();
        Instant timestamp = config.transforms().timestamp(document.fields());
        String index = config.index().resolve(config.index().isFixed() ? null : indexTime(coordinates, document, timestamp));
        byte[] source = null;
        if (type != ActionType.DELETE) {
            source = document.json();
            if (source == null) {
                config.transforms().apply(document.fields(), coordinates, timestamp);
                source = write(document);
            }
        }
        return new DocumentAction(type, index, id, routing, version, version == null ? null : config.versionType(), source);
    }

    private static Instant indexTime(RecordCoordinates coordinates, DecodedDocument document, Instant configured)
            throws InvalidDocumentException {
        Instant at = configured != null ? configured
                : document.timestamp() != null ? document.timestamp() : coordinates.arrivalTime();
        if (at == null) {
            throw new InvalidDocumentException("the index pattern needs a timestamp, but the document has none and the"
                    + " record no arrival time; set " + Settings.describe(FieldTransforms.TIMESTAMP_POINTER));
        }
        return at;
    }

    private static String routing(DecodedDocument document, JsonPointer pointer) throws InvalidDocumentException {
        JsonNode value = document.fields().at(pointer);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isValueNode() || value.asText().isEmpty()) {
            throw new InvalidDocumentException("the routing value at " + pointer
                    + " must be a non-empty string, number or boolean, not " + Json.preview(value));
        }
        return value.asText();
    }

    private static Long version(DecodedDocument document, JsonPointer pointer) throws InvalidDocumentException {
        JsonNode value = document.fields().at(pointer);
        if (value.isMissingNode() || value.isNull()) {
            throw new InvalidDocumentException("no version at " + pointer);
        }
        if (value.canConvertToExactIntegral() && value.canConvertToLong() && value.asLong() >= 0) {
            return value.asLong();
        }
        if (value.isTextual()) {
            try {
                long parsed = Long.parseLong(value.textValue().trim());
                if (parsed >= 0) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new InvalidDocumentException("the version at " + pointer + " must be a whole number from 0 to "
                + Long.MAX_VALUE + ", not " + Json.preview(value));
    }

    private static byte[] write(DecodedDocument document) throws InvalidDocumentException {
        try {
            return Json.write(document.fields());
        } catch (IOException e) {
            throw new InvalidDocumentException("cannot write the document as JSON: " + e.getMessage());
        }
    }
}
