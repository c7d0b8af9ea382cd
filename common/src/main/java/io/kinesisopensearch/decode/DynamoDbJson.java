package io.kinesisopensearch.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.Map;

/**
 * Turns DynamoDB JSON ({@code {"price":{"N":"12.50"}}}) into plain JSON ({@code {"price":12.50}}):
 * N stays exact, B and BS stay base64 text, SS/NS/BS become arrays, M and L nest, NULL is null.
 */
final class DynamoDbJson {

    /** A value that is not DynamoDB JSON; the message names where it is and why. */
    static final class InvalidException extends Exception {
        InvalidException(String message) {
            super(message, null, false, false);
        }
    }

    // DynamoDB numbers have at most 38 digits and exponents from -130 to +125.
    private static final int MAX_NUMBER_LENGTH = 200;
    private static final int MAX_SCALE = 200;

    private DynamoDbJson() {
    }

    /** Unmarshals an item: an object of attribute values. */
    static ObjectNode item(JsonNode item, String path) throws InvalidException {
        if (!item.isObject()) {
            throw new InvalidException(path + " must be an object of attribute values, not " + Json.typeOf(item));
        }
        ObjectNode result = Json.nodes().objectNode();
        for (Map.Entry<String, JsonNode> attribute : item.properties()) {
            result.set(attribute.getKey(), value(attribute.getValue(), path + '/' + attribute.getKey()));
        }
        return result;
    }

    /** Unmarshals one attribute value such as {@code {"S":"x"}}. */
    static JsonNode value(JsonNode attribute, String path) throws InvalidException {
        if (!attribute.isObject() || attribute.size() != 1) {
            throw new InvalidException(path + " must be an object with one type key such as {\"S\":...}, not "
                    + Json.preview(attribute));
        }
        Map.Entry<String, JsonNode> typed = attribute.properties().iterator().next();
        String type = typed.getKey();
        JsonNode value = typed.getValue();
        String where = path + '/' + type;
        return switch (type) {
            case "S" -> text(value, where);
            case "N" -> number(value, where);
            case "B" -> binary(value, where);
            case "BOOL" -> {
                if (!value.isBoolean()) {
                    throw new InvalidException(where + " must be true or false, not " + Json.preview(value));
                }
                yield value;
            }
            case "NULL" -> Json.nodes().nullNode();
            case "SS", "NS", "BS", "L" -> {
                if (!value.isArray()) {
                    throw new InvalidException(where + " must be an array, not " + Json.typeOf(value));
                }
                ArrayNode array = Json.nodes().arrayNode(value.size());
                for (int i = 0; i < value.size(); i++) {
                    String at = where + '/' + i;
                    JsonNode element = value.get(i);
                    array.add(switch (type) {
                        case "SS" -> text(element, at);
                        case "NS" -> number(element, at);
                        case "BS" -> binary(element, at);
                        default -> value(element, at);
                    });
                }
                yield array;
            }
            case "M" -> item(value, where);
            default -> throw new InvalidException("unknown DynamoDB type '" + type + "' at " + path
                    + ", expected S, N, B, BOOL, NULL, SS, NS, BS, M or L");
        };
    }

    /** The number an N value holds, exactly; also used for key values. */
    static BigDecimal decimal(JsonNode value, String where) throws InvalidException {
        if (!value.isTextual()) {
            throw new InvalidException(where + " must be a number in a string, not " + Json.preview(value));
        }
        String text = value.textValue();
        try {
            if (text.length() <= MAX_NUMBER_LENGTH) {
                BigDecimal number = new BigDecimal(text);
                if (Math.abs(number.scale()) <= MAX_SCALE) {
                    return number;
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidException(where + " is not a DynamoDB number: " + Json.preview(value));
    }

    private static JsonNode number(JsonNode value, String where) throws InvalidException {
        return DecimalNode.valueOf(decimal(value, where));
    }

    private static JsonNode text(JsonNode value, String where) throws InvalidException {
        if (!value.isTextual()) {
            throw new InvalidException(where + " must be a string, not " + Json.preview(value));
        }
        return value;
    }

    private static JsonNode binary(JsonNode value, String where) throws InvalidException {
        text(value, where);
        try {
            Base64.getDecoder().decode(value.textValue());
        } catch (IllegalArgumentException e) {
            throw new InvalidException(where + " is not base64: " + e.getMessage());
        }
        return value;
    }
}
