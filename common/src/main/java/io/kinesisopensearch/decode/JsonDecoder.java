package io.kinesisopensearch.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.record.MappingException;
import io.kinesisopensearch.record.SourceRecord;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * JSON events: one object per record, or, with a records pointer, one document per element of the
 * array it names ({@code /records}).
 *
 * <p>In pass-through mode the record's bytes are the document's source as they are: the decoder
 * checks that they are one well-formed object with a streaming parser and keeps only the values at
 * the pointers the mapping asks for, which is what lets JSON mapping run faster than a Jackson
 * parse-and-write of the same bytes.
 */
public final class JsonDecoder implements PayloadDecoder {

    private final Optional<JsonPointer> recordsPointer;
    private final boolean passThrough;
    private final List<JsonPointer> captured;
    private final int deepestCapture;

    private JsonDecoder(Optional<JsonPointer> recordsPointer, boolean passThrough, List<JsonPointer> captured) {
        this.recordsPointer = recordsPointer;
        this.passThrough = passThrough;
        this.captured = List.copyOf(captured);
        int deepest = 0;
        for (JsonPointer pointer : captured) {
            deepest = Math.max(deepest, depth(pointer));
        }
        this.deepestCapture = deepest;
    }

    /** Decodes whole trees, fanning out the array at {@code recordsPointer} when there is one. */
    public static JsonDecoder tree(Optional<JsonPointer> recordsPointer) {
        return new JsonDecoder(recordsPointer, false, List.of());
    }

    /**
     * Passes each record's bytes through unchanged; {@code captured} are the pointers whose values
     * the mapping reads (id, routing, version).
     */
    public static JsonDecoder passThrough(List<JsonPointer> captured) {
        return new JsonDecoder(Optional.empty(), true, captured);
    }

    @Override
    public void decode(SourceRecord record, DocumentSink sink) throws MappingException {
        if (passThrough) {
            ObjectNode fields = scan(record);
            sink.accept(new DecodedDocument(DecodedDocument.WHOLE_RECORD, fields, record.data(), null, null, null, null));
        } else {
            decodeTree(record, Json.readObject(record, record.data(), 0, record.data().length, "JSON"), sink);
        }
    }

    /** Decodes a record already parsed, as format detection does. */
    void decodeTree(SourceRecord record, ObjectNode document, DocumentSink sink) throws MappingException {
        if (recordsPointer.isEmpty()) {
            sink.accept(DecodedDocument.of(DecodedDocument.WHOLE_RECORD, document));
            return;
        }
        JsonPointer pointer = recordsPointer.get();
        JsonNode array = document.at(pointer);
        if (array.isMissingNode()) {
            throw new MappingException(record.coordinates(), "no array at " + pointer);
        }
        if (!array.isArray()) {
            throw new MappingException(record.coordinates(),
                    "expected an array at " + pointer + " but found " + Json.typeOf(array));
        }
        ArrayNode elements = (ArrayNode) array;
        for (int i = 0; i < elements.size(); i++) {
            JsonNode element = elements.get(i);
            if (element.isObject()) {
                sink.accept(DecodedDocument.of(i, (ObjectNode) element));
            } else {
                sink.reject(i, "element " + i + " of " + pointer + " is " + Json.typeOf(element) + ", expected an object");
            }
        }
    }

    // The captured values, or null when nothing is captured (DecodedDocument allows it beside the bytes).
    private ObjectNode scan(SourceRecord record) throws MappingException {
        ObjectNode fields = captured.isEmpty() ? null : Json.nodes().objectNode();
        try (JsonParser parser = Json.FACTORY.createParser(record.data())) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new MappingException(record.coordinates(), "empty record, expected a JSON object");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new MappingException(record.coordinates(), "expected a JSON object but found " + describe(first));
            }
            if (captured.isEmpty()) {
                parser.skipChildren();
            } else {
                walk(parser, fields);
            }
            if (parser.nextToken() != null) {
                throw new MappingException(record.coordinates(), "bad JSON at offset "
                        + parser.currentTokenLocation().getByteOffset() + ": trailing content after the object");
            }
        } catch (JsonProcessingException e) {
            throw Json.badJson(record, "JSON", e);
        } catch (NumberFormatException e) {
            throw new MappingException(record.coordinates(), "bad JSON: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new MappingException(record.coordinates(), "unreadable JSON: " + e.getMessage(), e);
        }
        return fields;
    }

    // Visits every token once; a value whose path is a captured pointer is copied into fields.
    private void walk(JsonParser parser, ObjectNode fields) throws IOException {
        int depth = 1;
        while (depth > 0) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return; // the parser reports the unexpected end when asked for the next token
            }
            switch (token) {
                case FIELD_NAME -> { }
                case END_OBJECT, END_ARRAY -> depth--;
                case START_OBJECT, START_ARRAY -> {
                    JsonPointer match = depth <= deepestCapture ? matching(parser.getParsingContext().getParent()) : null;
                    if (match != null) {
                        put(fields, match, Json.readValue(parser));
                    } else {
                        depth++;
                    }
                }
                default -> {
                    JsonPointer match = depth <= deepestCapture ? matching(parser.getParsingContext()) : null;
                    if (match != null) {
                        put(fields, match, Json.readValue(parser));
                    }
                }
            }
        }
    }

    private JsonPointer matching(JsonStreamContext container) {
        for (JsonPointer pointer : captured) {
            if (matches(container, pointer)) {
                return pointer;
            }
        }
        return null;
    }

    // True when a value inside container sits at pointer; walks the contexts outwards without allocating.
    private static boolean matches(JsonStreamContext container, JsonPointer pointer) {
        int segments = depth(pointer);
        if (container.getNestingDepth() != segments) {
            return false;
        }
        JsonStreamContext context = container;
        for (int i = segments - 1; i >= 0; i--) {
            JsonPointer segment = segmentAt(pointer, i);
            if (context.inObject()) {
                if (!segment.getMatchingProperty().equals(context.getCurrentName())) {
                    return false;
                }
            } else if (segment.getMatchingIndex() != context.getCurrentIndex()) {
                return false;
            }
            context = context.getParent();
        }
        return true;
    }

    private static JsonPointer segmentAt(JsonPointer pointer, int index) {
        JsonPointer segment = pointer;
        for (int i = 0; i < index; i++) {
            segment = segment.tail();
        }
        return segment;
    }

    private static int depth(JsonPointer pointer) {
        int depth = 0;
        for (JsonPointer p = pointer; !p.matches(); p = p.tail()) {
            depth++;
        }
        return depth;
    }

    // Array indexes become property names: JsonNode.at("/items/0") also matches an object field "0".
    private static void put(ObjectNode fields, JsonPointer pointer, JsonNode value) {
        ObjectNode parent = fields;
        JsonPointer p = pointer;
        while (!p.tail().matches()) {
            parent = parent.withObjectProperty(p.getMatchingProperty());
            p = p.tail();
        }
        parent.set(p.getMatchingProperty(), value);
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> token.asString();
        };
    }
}
