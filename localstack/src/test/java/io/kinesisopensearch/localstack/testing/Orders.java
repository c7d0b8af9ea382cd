package io.kinesisopensearch.localstack.testing;

import io.kinesisopensearch.localstack.StreamProducer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.mapping.DynamicMapping;

/** Sample order events as a shop would put them into Kinesis, one JSON object per record. */
public final class Orders {

    private Orders() {
    }

    public static String id(int number) {
        return String.format("order-%06d", number);
    }

    public static String json(int number) {
        return String.format(
                "{\"orderId\":\"%s\",\"customer\":\"Customer %d\",\"status\":\"%s\",\"amount\":%d.%02d,\"seq\":%d}",
                id(number), number, number % 3 == 0 ? "SHIPPED" : "PLACED", number % 500, number % 100, number);
    }

    public static StreamProducer.Entry entry(int number, String json) {
        return new StreamProducer.Entry(id(number), json.getBytes(StandardCharsets.UTF_8));
    }

    /** Orders {@code from} to {@code from + count - 1}, partitioned by order id. */
    public static List<StreamProducer.Entry> range(int from, int count) {
        List<StreamProducer.Entry> orders = new ArrayList<>(count);
        for (int number = from; number < from + count; number++) {
            orders.add(entry(number, json(number)));
        }
        return orders;
    }

    /**
     * An index that takes orders and nothing else: a record with a field the orders do not have is
     * refused for its own sake, the poison of the failure tests.
     */
    public static void createStrictIndex(OpenSearchClient client, String index) throws IOException {
        client.indices().create(create -> create.index(index).mappings(mappings -> mappings
                .dynamic(DynamicMapping.Strict)
                .properties("orderId", property -> property.keyword(keyword -> keyword))
                .properties("customer", property -> property.text(text -> text))
                .properties("status", property -> property.keyword(keyword -> keyword))
                .properties("amount", property -> property.double_(number -> number))
                .properties("seq", property -> property.long_(number -> number))));
    }
}
