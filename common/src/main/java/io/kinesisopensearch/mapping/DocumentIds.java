package io.kinesisopensearch.mapping;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.decode.DecodedDocument;
import io.kinesisopensearch.decode.Json;
import io.kinesisopensearch.decode.PayloadFormat;
import io.kinesisopensearch.record.RecordCoordinates;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How documents get their ids.
 *
 * @param strategy where the id comes from ({@code mapping.id})
 * @param pointers the fields whose values make the id ({@code mapping.id-pointer=/order/id}, or
 *                 several separated by commas: {@code /tenant,/orderId}); several values are joined
 *                 with '|', and '\' and '|' inside a value are escaped with '\', so that no two
 *                 different value lists share an id
 */
public record DocumentIds(IdStrategy strategy, List<JsonPointer> pointers) {

    public static final String STRATEGY = "mapping.id";
    public static final String POINTERS = "mapping.id-pointer";

    /** OpenSearch refuses longer ids. */
    static final int MAX_ID_BYTES = 512;

    private static final Set<PayloadFormat> FORMATS_WITH_IDS =
            Set.of(PayloadFormat.DYNAMODB, PayloadFormat.CLOUDWATCH_LOGS, PayloadFormat.AUTO);

    public DocumentIds {
        pointers = List.copyOf(pointers);
    }

    static DocumentIds from(Settings settings, PayloadFormat format) {
        List<JsonPointer> pointers = new ArrayList<>();
        Optional<String> text = settings.find(POINTERS);
        for (String pointer : text.isPresent() ? text.get().split(",") : new String[0]) {
            pointers.add(Json.pointer(POINTERS, pointer));
        }
        IdStrategy strategy = settings.getEnum(STRATEGY, IdStrategy.class, IdStrategy.AUTO);
        if (strategy == IdStrategy.POINTER && pointers.isEmpty()) {
            throw Settings.invalid(STRATEGY, strategy.name(), "needs " + Settings.describe(POINTERS));
        }
        if (strategy == IdStrategy.FORMAT && !FORMATS_WITH_IDS.contains(format)) {
            throw Settings.invalid(STRATEGY, strategy.name(), "the format " + format + " gives no id of its own;"
                    + " FORMAT is allowed with the formats " + FORMATS_WITH_IDS);
        }
        return new DocumentIds(strategy, pointers);
    }

    /** The id of {@code document}, found in {@code record}; the reason is thrown when there is none. */
    String resolve(RecordCoordinates coordinates, DecodedDocument document) throws InvalidDocumentException {
        boolean usePointers = strategy == IdStrategy.POINTER || strategy == IdStrategy.AUTO && !pointers.isEmpty();
        String id;
        if (usePointers) {
            id = fromPointers(document);
        } else if (strategy == IdStrategy.FORMAT || strategy == IdStrategy.AUTO && document.id() != null) {
            if (document.id() == null) {
                throw new InvalidDocumentException("the record's format gives no id of its own (" + STRATEGY + "=FORMAT)");
            }
            id = document.id();
        } else {
            id = document.part() == DecodedDocument.WHOLE_RECORD
                    ? coordinates.documentId()
                    : coordinates.documentId() + '#' + document.part();
        }
        if (id.length() > MAX_ID_BYTES / 4 && id.getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
            throw new InvalidDocumentException("the document id is longer than " + MAX_ID_BYTES + " bytes");
        }
        return id;
    }

    private String fromPointers(DecodedDocument document) throws InvalidDocumentException {
        List<String> values = new ArrayList<>(pointers.size());
        for (JsonPointer pointer : pointers) {
            values.add(value(document, pointer));
        }
        return DecodedDocument.joinId(values);
    }


    private static String value(DecodedDocument document, JsonPointer pointer) throws InvalidDocumentException {
        JsonNode value = document.fields().at(pointer);
        if (value.isMissingNode() || value.isNull()) {
            throw new InvalidDocumentException("no document id at " + pointer);
        }
        if (!value.isValueNode() || value.asText().isEmpty()) {
            throw new InvalidDocumentException("the document id at " + pointer
                    + " must be a non-empty string, number or boolean, not " + Json.preview(value));
        }
        // Plain notation for ordinary decimals only: 1E+999999999 in plain would be a billion digits.
        boolean plain = value.isBigDecimal() && Math.abs(value.decimalValue().scale()) <= 64;
        return plain ? value.decimalValue().toPlainString() : value.asText();
    }
}
