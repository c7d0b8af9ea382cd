package io.kinesisopensearch.loader.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisopensearch.decode.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class DynamoDbItemsTest {

    private static final Map<String, ScalarAttributeType> ORDERS = new LinkedHashMap<>(Map.of(
            "order", ScalarAttributeType.N, "customer", ScalarAttributeType.S));

    @Test
    void anIdOfTheFormatNamesTheKeyValuesInAttributeNameOrder() {
        // The decoder joins the values in attribute name order: customer, then order.
        assertThat(DynamoDbItems.keyFromId("customer 3|42", ORDERS)).containsExactly(
                Map.entry("customer", AttributeValue.fromS("customer 3")), Map.entry("order", AttributeValue.fromN("42")));
        assertThat(DynamoDbItems.keyFromId("a\\|b\\\\|7.50", ORDERS)).containsEntry("customer", AttributeValue.fromS("a|b\\"))
                .containsEntry("order", AttributeValue.fromN("7.50"));
        assertThat(DynamoDbItems.keyFromId("only one", ORDERS)).isNull();
        assertThat(DynamoDbItems.keyFromId("c|not a number", ORDERS)).isNull();
        assertThat(DynamoDbItems.keyFromId("a|b", Map.of("pk", ScalarAttributeType.S))).as("one key: not split")
                .containsExactly(Map.entry("pk", AttributeValue.fromS("a|b")));
    }

    @Test
    void aDocumentHoldingTheKeyAttributesNamesItsItem() throws Exception {
        assertThat(DynamoDbItems.keyFromDocument(Json.mapper().readTree("{\"customer\":\"c\",\"order\":4.0,\"x\":1}"),
                ORDERS)).containsEntry("customer", AttributeValue.fromS("c")).containsEntry("order", AttributeValue.fromN("4.0"));
        assertThat(DynamoDbItems.keyFromDocument(Json.mapper().readTree("{\"customer\":\"c\"}"), ORDERS)).isNull();
    }

    @Test
    void itemsBecomeDynamoDbJsonAndTheirKeysComeBack() {
        Map<String, AttributeValue> item = Map.of("customer", AttributeValue.fromS("c"), "order", AttributeValue.fromN("4"),
                "tags", AttributeValue.fromSs(List.of("x")), "paid", AttributeValue.fromBool(true),
                "blob", AttributeValue.fromB(SdkBytes.fromUtf8String("hi")), "none", AttributeValue.fromNul(true),
                "lines", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("n", AttributeValue.fromN("1"))))));
        assertThat(DynamoDbItems.json(item).toString()).contains("\"customer\":{\"S\":\"c\"}", "\"tags\":{\"SS\":[\"x\"]}",
                "\"paid\":{\"BOOL\":true}", "\"blob\":{\"B\":\"aGk=\"}", "\"none\":{\"NULL\":true}",
                "\"lines\":{\"L\":[{\"M\":{\"n\":{\"N\":\"1\"}}}]}");
        assertThat(DynamoDbItems.key(DynamoDbItems.keyJson(item, List.of("customer", "order"))))
                .containsExactly(Map.entry("customer", AttributeValue.fromS("c")), Map.entry("order", AttributeValue.fromN("4")));
    }
}
