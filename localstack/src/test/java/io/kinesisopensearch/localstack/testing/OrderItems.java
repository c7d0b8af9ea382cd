package io.kinesisopensearch.localstack.testing;

import io.kinesisopensearch.localstack.LocalStack;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The orders table the DynamoDB tests write: key {@code customer} (one of seven) and {@code order},
 * so that the dynamodb mapping's document id is {@code customer N|order}.
 */
public final class OrderItems {

    private OrderItems() {
    }

    /** The document id the dynamodb mapping gives {@code order}'s item. */
    public static String id(int order) {
        return "customer " + order % 7 + "|" + order;
    }

    /** The key of {@code order}'s item. */
    public static Map<String, AttributeValue> key(int order) {
        return Map.of("customer", AttributeValue.fromS("customer " + order % 7), "order",
                AttributeValue.fromN(String.valueOf(order)));
    }

    /**
     * Puts {@code order}'s item at {@code edit}: its total ends in a 0 that DynamoDB drops (3.10 is
     * stored as 3.1), so a comparison must take numbers as numbers.
     */
    public static void put(LocalStack stack, String table, int order, int edit, String status) {
        Map<String, AttributeValue> item = new HashMap<>(key(order));
        item.put("status", AttributeValue.fromS(status));
        item.put("edit", AttributeValue.fromN(String.valueOf(edit)));
        item.put("total", AttributeValue.fromN(order + "." + (edit % 9 + 1) + "0"));
        item.put("lines", AttributeValue.fromL(List.of(AttributeValue.fromS("item " + edit % 5))));
        stack.dynamoDb().putItem(request -> request.tableName(table).item(item));
    }
}
