package io.kinesisopensearch.localstack.dynamodbstreams;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * An item's size by DynamoDB's rules (attribute names and values in UTF-8, numbers at about one
 * byte for two digits, one byte for a boolean or null, three bytes and one per element for a list
 * or map): what {@code SizeBytes} of a stream record adds up.
 */
final class ItemSize {

    private ItemSize() {
    }

    /** The size of a map of attribute names to attribute values in DynamoDB JSON. */
    static long of(JsonNode attributes) {
        long size = 0;
        for (Iterator<Map.Entry<String, JsonNode>> fields = attributes.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            size += utf8(field.getKey()) + value(field.getValue());
        }
        return size;
    }

    private static long value(JsonNode value) {
        Map.Entry<String, JsonNode> typed = value.fields().hasNext() ? value.fields().next() : null;
        if (typed == null) {
            return 0;
        }
        JsonNode content = typed.getValue();
        return switch (typed.getKey()) {
            case "S" -> utf8(content.asText());
            case "N" -> number(content.asText());
            case "B" -> Base64.getDecoder().decode(content.asText()).length;
            case "BOOL", "NULL" -> 1;
            case "SS" -> sum(content, "S");
            case "NS" -> sum(content, "N");
            case "BS" -> sum(content, "B");
            case "L" -> {
                long size = 3;
                for (JsonNode element : content) {
                    size += 1 + value(element);
                }
                yield size;
            }
            case "M" -> {
                long size = 3;
                for (Iterator<Map.Entry<String, JsonNode>> fields = content.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    size += 1 + utf8(field.getKey()) + value(field.getValue());
                }
                yield size;
            }
            default -> 0;
        };
    }

    private static long sum(JsonNode members, String type) {
        long size = 0;
        for (JsonNode member : members) {
            size += switch (type) {
                case "S" -> utf8(member.asText());
                case "N" -> number(member.asText());
                default -> Base64.getDecoder().decode(member.asText()).length;
            };
        }
        return size;
    }

    private static long number(String text) {
        long digits = text.chars().filter(Character::isDigit).count();
        return (digits + 1) / 2 + 1;
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
