package io.kinesisopensearch.localstack.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.localstack.LocalStack;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A DynamoDB table's items as the documents the dynamodb mapping makes of them, and the index compared with them. */
public final class TableItems {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private TableItems() {
    }

    /** Every item of {@code table} as plain JSON, by document id (the key values in attribute-name order, joined by '|'). */
    public static Map<String, JsonNode> scan(LocalStack stack, String table, List<String> keysInNameOrder) {
        Map<String, JsonNode> items = new TreeMap<>();
        stack.dynamoDb().scanPaginator(request -> request.tableName(table).consistentRead(true)).items().forEach(item -> {
            StringBuilder id = new StringBuilder();
            for (String key : keysInNameOrder) {
                AttributeValue value = item.get(key);
                id.append(id.isEmpty() ? "" : "|").append(value.s() != null ? value.s() : value.n());
            }
            items.put(id.toString(), plain(item));
        });
        return items;
    }

    /** An item as plain JSON: strings, numbers (exact), lists, maps, booleans. */
    public static ObjectNode plain(Map<String, AttributeValue> item) {
        ObjectNode document = JSON.objectNode();
        item.forEach((name, value) -> document.set(name, plain(value)));
        return document;
    }

    private static JsonNode plain(AttributeValue value) {
        if (value.s() != null) {
            return JSON.textNode(value.s());
        }
        if (value.n() != null) {
            return JSON.numberNode(new BigDecimal(value.n()));
        }
        if (value.bool() != null) {
            return JSON.booleanNode(value.bool());
        }
        if (value.hasL()) {
            ArrayNode list = JSON.arrayNode();
            value.l().forEach(element -> list.add(plain(element)));
            return list;
        }
        if (value.hasM()) {
            return plain(value.m());
        }
        throw new IllegalArgumentException("not in the tests' items: " + value);
    }

    /** Whether the index holds exactly {@code items}, field by field, numbers compared as numbers. */
    public static boolean indexEquals(LocalStack stack, String index, Map<String, JsonNode> items) {
        Map<String, JsonNode> documents = new TreeMap<>();
        for (Documents.Stored stored : Documents.all(stack.openSearch(), index)) {
            documents.put(stored.id(), stored.source());
        }
        return documents.keySet().equals(items.keySet()) && items.entrySet().stream().allMatch(item ->
                sameNumbers(documents.get(item.getKey()), item.getValue()));
    }

    /** DynamoDB stores 3.10 as 3.1; a document may keep the change record's text. Same number. */
    public static boolean sameNumbers(JsonNode document, JsonNode item) {
        return document != null && document.equals((a, b) -> a.isNumber() && b.isNumber()
                ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1, item);
    }
}
