package io.kinesisopensearch.mapping;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.kinesisopensearch.record.SourceRecord;
import java.io.IOException;
import java.util.List;

/**
 * Maps one record to the OpenSearch actions it stands for. Thread-safe; build one per configuration
 * and share it.
 */
public final class RecordMapper {

    private static final ObjectReader JSON_READER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .reader();

    private final MappingConfig config;

    public RecordMapper(MappingConfig config) {
        this.config = config;
    }

    /**
     * The actions for {@code record}.
     *
     * @throws MappingException if the record cannot be read or lacks what the configuration needs;
     *                          its message names the record and the reason
     */
    public List<DocumentAction> map(SourceRecord record) throws MappingException {
        JsonNode document = parseObject(record);
        String id = config.idPointer().isPresent()
                ? idAt(document, config.idPointer().get(), record)
                : record.coordinates().documentId();
        // The record is one well-formed JSON object, so its bytes are the source as they are.
        return List.of(DocumentAction.index(config.index(), id, record.data()));
    }

    private static JsonNode parseObject(SourceRecord record) throws MappingException {
        JsonNode document;
        try {
            document = JSON_READER.readTree(record.data());
        } catch (JsonProcessingException e) {
            long offset = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
            throw new MappingException(record.coordinates(),
                    "bad JSON at offset " + offset + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MappingException(record.coordinates(), "unreadable JSON: " + e.getMessage(), e);
        }
        if (document == null || document.isMissingNode()) {
            throw new MappingException(record.coordinates(), "empty record, expected a JSON object");
        }
        if (!document.isObject()) {
            throw new MappingException(record.coordinates(),
                    "expected a JSON object but found " + document.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return document;
    }

    private static String idAt(JsonNode document, JsonPointer pointer, SourceRecord record)
            throws MappingException {
        JsonNode value = document.at(pointer);
        if (value.isMissingNode() || value.isNull()) {
            throw new MappingException(record.coordinates(), "no document id at " + pointer);
        }
        if (!value.isValueNode() || value.asText().isEmpty()) {
            throw new MappingException(record.coordinates(),
                    "the document id at " + pointer + " must be a non-empty string, number or boolean, not " + value);
        }
        return value.asText();
    }
}
