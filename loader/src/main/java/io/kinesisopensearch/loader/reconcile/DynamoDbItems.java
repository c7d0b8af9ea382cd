package io.kinesisopensearch.loader.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.decode.Json;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** DynamoDB items between the SDK's attribute values and DynamoDB JSON, and an item's key found from a document. */
final class DynamoDbItems {

    private DynamoDbItems() {
    }

    /** {@code item} in DynamoDB JSON, as a stream's NewImage or an export's Item holds it. */
    static ObjectNode json(Map<String, AttributeValue> item) {
        ObjectNode json = Json.nodes().objectNode();
        item.forEach((name, value) -> json.set(name, json(value)));
        return json;
    }

    private static JsonNode json(AttributeValue value) {
        ObjectNode typed = Json.nodes().objectNode();
        switch (value.type()) {
            case S -> typed.put("S", value.s());
            case N -> typed.put("N", value.n());
            case B -> typed.put("B", Base64.getEncoder().encodeToString(value.b().asByteArray()));
            case BOOL -> typed.put("BOOL", value.bool());
            case NUL -> typed.put("NULL", true);
            case M -> typed.set("M", json(value.m()));
            case L -> {
                ArrayNode list = typed.putArray("L");
                value.l().forEach(element -> list.add(json(element)));
            }
            case SS -> value.ss().forEach(typed.putArray("SS")::add);
            case NS -> value.ns().forEach(typed.putArray("NS")::add);
            case BS -> {
                ArrayNode list = typed.putArray("BS");
                value.bs().forEach(bytes -> list.add(Base64.getEncoder().encodeToString(bytes.asByteArray())));
            }
            default -> throw new IllegalArgumentException("an attribute value of an unknown type: " + value);
        }
        return typed;
    }

    /** The key attributes of an item, in DynamoDB JSON. */
    static ObjectNode keyJson(Map<String, AttributeValue> item, List<String> keys) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        for (String name : keys) {
            if (item.containsKey(name)) {
                key.put(name, item.get(name));
            }
        }
        return json(key);
    }

    /** A key written by {@link #keyJson} back as attribute values. */
    static Map<String, AttributeValue> key(JsonNode json) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        json.properties().forEach(entry -> {
            JsonNode typed = entry.getValue();
            if (typed.has("S")) {
                key.put(entry.getKey(), AttributeValue.fromS(typed.get("S").asText()));
            } else if (typed.has("N")) {
                key.put(entry.getKey(), AttributeValue.fromN(typed.get("N").asText()));
            } else {
                key.put(entry.getKey(), AttributeValue.fromB(SdkBytes.fromByteArray(
                        Base64.getDecoder().decode(typed.get("B").asText()))));
            }
        });
        return key;
    }

    /**
     * The key of the item whose document id is {@code id}, when ids are the format's own: the key
     * values in attribute name order joined by '|', '\' and '|' escaped (as the DynamoDB decoder
     * makes them); null when the id does not split into one value per key attribute.
     */
    static Map<String, AttributeValue> keyFromId(String id, Map<String, ScalarAttributeType> keyTypes) {
        List<String> values = new ArrayList<>();
        StringBuilder value = new StringBuilder();
        if (keyTypes.size() == 1) {
            values.add(id); // a single value is not escaped
        } else {
            for (int i = 0; i < id.length(); i++) {
                char c = id.charAt(i);
                if (c == '\\' && i + 1 < id.length()) {
                    value.append(id.charAt(++i));
                } else if (c == '|') {
                    values.add(value.toString());
                    value.setLength(0);
                } else {
                    value.append(c);
                }
            }
            values.add(value.toString());
        }
        if (values.size() != keyTypes.size()) {
            return null;
        }
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, ScalarAttributeType> attribute : new TreeMap<>(keyTypes).entrySet()) {
            AttributeValue typed = typed(values.get(i++), attribute.getValue());
            if (typed == null) {
                return null;
            }
            key.put(attribute.getKey(), typed);
        }
        return key;
    }

    /** The key of the item a document was written from, when the document holds the key attributes as values. */
    static Map<String, AttributeValue> keyFromDocument(JsonNode document, Map<String, ScalarAttributeType> keyTypes) {
        if (document == null) {
            return null;
        }
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        for (Map.Entry<String, ScalarAttributeType> attribute : keyTypes.entrySet()) {
            JsonNode value = document.get(attribute.getKey());
            if (value == null || !value.isValueNode() || value.isNull()) {
                return null;
            }
            AttributeValue typed = typed(value.isBigDecimal() ? value.decimalValue().toPlainString() : value.asText(),
                    attribute.getValue());
            if (typed == null) {
                return null;
            }
            key.put(attribute.getKey(), typed);
        }
        return key;
    }

    private static AttributeValue typed(String text, ScalarAttributeType type) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return switch (type) {
                case S -> AttributeValue.fromS(text);
                case N -> AttributeValue.fromN(new java.math.BigDecimal(text).toString());
                case B -> AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(text)));
                default -> null;
            };
        } catch (IllegalArgumentException e) {
            return null; // not a number, not base64: no key of this table
        }
    }
}
