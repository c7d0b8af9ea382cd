package io.kinesisopensearch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The documents every contender indexes: order events as a shop would put them into Kinesis, each
 * with its {@code id} (the document id everywhere), a customer, an address, 1 to 8 lines and a free
 * text note, from a few hundred bytes to about 3 KB. The same seed gives the same documents.
 */
final class BenchDocuments {

    /** One event: its id and its JSON bytes, as put into the stream. */
    record Doc(String id, byte[] json) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PRODUCTS = {"kettle", "espresso machine", "desk lamp", "wool blanket",
        "running shoes", "hiking backpack", "yoga mat", "cast iron pan", "bluetooth speaker", "notebook",
        "fountain pen", "water bottle", "rain jacket", "chef knife", "coffee grinder", "reading glasses"};
    private static final String[] CITIES = {"Lisbon", "Porto", "Berlin", "Hamburg", "Lyon", "Madrid", "Seville",
        "Dublin", "Oslo", "Tallinn", "Krakow", "Vienna"};
    private static final String[] WORDS = ("please leave the parcel with the neighbour if nobody answers the door"
            + " gift wrap requested deliver after six in the evening fragile handle with care call before arrival"
            + " second floor entrance at the back the bell does not work").split(" ");
    private static final String[] STATUSES = {"created", "paid", "packed", "shipped", "delivered"};

    private BenchDocuments() {
    }

    static List<Doc> generate(int count, long seed) {
        Random random = new Random(seed);
        Instant base = Instant.parse("2026-11-01T00:00:00Z");
        List<Doc> docs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id = String.format("evt-%07d", i);
            ObjectNode event = JSON.createObjectNode();
            event.put("id", id);
            event.put("type", "order." + STATUSES[random.nextInt(STATUSES.length)]);
            event.put("occurredAt", base.plusMillis(i * 137L + random.nextInt(100)).toString());
            event.put("orderId", "ord-" + (100_000 + random.nextInt(900_000)));
            ObjectNode customer = event.putObject("customer");
            customer.put("id", "cus-" + random.nextInt(50_000));
            customer.put("name", "Customer " + Integer.toString(random.nextInt(1 << 20), 36));
            customer.put("email", "c" + random.nextInt(1_000_000) + "@example.com");
            customer.put("tier", random.nextInt(10) == 0 ? "gold" : "standard");
            ObjectNode address = event.putObject("shipTo");
            address.put("street", (1 + random.nextInt(200)) + " " + WORDS[random.nextInt(WORDS.length)] + " street");
            address.put("city", CITIES[random.nextInt(CITIES.length)]);
            address.put("postcode", String.format("%05d", random.nextInt(100_000)));
            ArrayNode lines = event.putArray("lines");
            int lineCount = 1 + random.nextInt(8);
            long total = 0;
            for (int line = 0; line < lineCount; line++) {
                int quantity = 1 + random.nextInt(4);
                long cents = 199 + random.nextInt(20_000);
                total += quantity * cents;
                ObjectNode item = lines.addObject();
                item.put("sku", "SKU-" + random.nextInt(100_000));
                item.put("product", PRODUCTS[random.nextInt(PRODUCTS.length)]);
                item.put("quantity", quantity);
                item.put("priceCents", cents);
                item.put("description", sentence(random, 8 + random.nextInt(30)));
            }
            event.put("totalCents", total);
            event.put("currency", "EUR");
            event.put("note", sentence(random, random.nextInt(40)));
            docs.add(new Doc(id, bytes(event)));
        }
        return docs;
    }

    static long totalBytes(List<Doc> docs) {
        return docs.stream().mapToLong(doc -> doc.json().length).sum();
    }

    private static String sentence(Random random, int words) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < words; i++) {
            text.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.toString();
    }

    private static byte[] bytes(ObjectNode event) {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
