package io.kinesisopensearch.localstack.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;

/**
 * The edits of a DynamoDB table {@code books} (key: {@code author}, {@code bookTitle}) as Kinesis
 * Data Streams for DynamoDB delivers them: inserts, a MODIFY that adds a field, a REMOVE, one change
 * delivered twice and one out of order. The change times are the external versions, so the index
 * ends equal to the table's final state anyway, which {@link #finalState()} computes from the
 * changes in the order they happened.
 */
final class BookChanges {

    static final String TABLE = "books";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    /** One change of one item: {@code image} is the new item, null for a REMOVE. */
    record Change(String eventName, long micros, String author, String bookTitle, Map<String, Object> image) {

        String id() {
            return author + "|" + bookTitle;
        }
    }

    private final List<Change> changes = new ArrayList<>();

    BookChanges() {
        long micros = Instant.parse("2026-11-21T09:00:00Z").toEpochMilli() * 1000;
        insert(micros += 1_000, "Dan Brown", "The Da Vinci Code", 2003, "Thriller");
        insert(micros += 1_000, "Dan Brown", "Angels & Demons", 2000, "Thriller");
        insert(micros += 1_000, "Dan Brown", "Inferno", 2013, "Thriller");
        insert(micros += 1_000, "Dan Brown", "Digital Fortress", 1998, "Techno-thriller");
        insert(micros += 1_000, "Dan Brown", "Origin", 2017, "Thriller");
        insert(micros += 1_000, "Umberto Eco", "The Name of the Rose", 1980, "Historical mystery");
        insert(micros += 1_000, "Agatha Christie", "Murder on the Orient Express", 1934, "Detective fiction");
        insert(micros += 1_000, "J. R. R. Tolkien", "The Hobbit", 1937, "Fantasy");
        insert(micros += 1_000, "Mary Shelley", "Frankenstein", 1818, "Gothic novel");
        // The MODIFY adds a field the insert did not have.
        Map<String, Object> withRating = image("Dan Brown", "The Da Vinci Code", 2003, "Thriller");
        withRating.put("rating", new BigDecimal("4.5"));
        changes.add(new Change("MODIFY", micros += 1_000, "Dan Brown", "The Da Vinci Code", withRating));
        Map<String, Object> translated = image("Umberto Eco", "The Name of the Rose", 1980, "Historical mystery");
        translated.put("translator", "William Weaver");
        changes.add(new Change("MODIFY", micros += 1_000, "Umberto Eco", "The Name of the Rose", translated));
        changes.add(new Change("REMOVE", micros += 1_000, "Dan Brown", "Digital Fortress", null));
        insert(micros += 1_000, "Dan Brown", "Deception Point", 2001, "Techno-thriller");
    }

    /** The changes in the order they happened in the table. */
    List<Change> changes() {
        return List.copyOf(changes);
    }

    /**
     * The changes in the order the stream delivers them: the Da Vinci Code's MODIFY before its
     * INSERT, and the Name of the Rose's MODIFY twice.
     */
    List<Change> delivered() {
        List<Change> delivered = new ArrayList<>(changes);
        Change insert = delivered.get(0);
        Change modify = delivered.get(9);
        delivered.set(0, modify);
        delivered.set(9, insert);
        delivered.add(changes.get(10));
        return delivered;
    }

    /** The table after all changes: document id to item, as the index must hold it. */
    Map<String, JsonNode> finalState() {
        Map<String, JsonNode> items = new TreeMap<>();
        for (Change change : changes) {
            if (change.image() == null) {
                items.remove(change.id());
            } else {
                items.put(change.id(), JSON.valueToTree(change.image()));
            }
        }
        return items;
    }

    /**
     * What differs between {@code index} (id to source) and the final state: one line per document
     * missing, unexpected or different; empty when they are equal.
     */
    List<String> differences(Map<String, JsonNode> index) {
        Map<String, JsonNode> expected = finalState();
        List<String> differences = new ArrayList<>();
        TreeSet<String> ids = new TreeSet<>(expected.keySet());
        ids.addAll(index.keySet());
        for (String id : ids) {
            JsonNode want = expected.get(id);
            JsonNode have = index.get(id);
            if (want == null) {
                differences.add("  not in the table: " + id + " " + have);
            } else if (have == null) {
                differences.add("  missing from the index: " + id + " " + want);
            } else if (!want.equals(NUMBERS_BY_VALUE, have)) {
                differences.add("  " + id + ": index " + have + ", table " + want);
            }
        }
        return differences;
    }

    /** What {@code index} holds: document id to source; empty while it does not exist. */
    static Map<String, JsonNode> indexed(OpenSearchClient openSearch, String index) {
        Map<String, JsonNode> documents = new TreeMap<>();
        try {
            openSearch.indices().refresh(refresh -> refresh.index(index));
            openSearch.search(search -> search.index(index).size(1_000), JsonNode.class).hits().hits()
                    .forEach(hit -> documents.put(hit.id(), hit.source()));
        } catch (OpenSearchException e) {
            if (e.status() != 404) {
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read index " + index, e);
        }
        return documents;
    }

    /** The change record of {@code change} as the stream carries it (DynamoDB JSON). */
    static byte[] record(Change change) {
        ObjectNode keys = NODES.objectNode();
        keys.set("author", attribute(change.author()));
        keys.set("bookTitle", attribute(change.bookTitle()));
        ObjectNode dynamodb = NODES.objectNode();
        dynamodb.put("ApproximateCreationDateTime", change.micros());
        dynamodb.set("Keys", keys);
        if (change.image() != null) {
            ObjectNode image = dynamodb.putObject("NewImage");
            change.image().forEach((name, value) -> image.set(name, attribute(value)));
        }
        dynamodb.put("SizeBytes", 120);
        ObjectNode record = NODES.objectNode();
        record.put("awsRegion", "us-east-1");
        record.set("dynamodb", dynamodb);
        record.put("eventID", change.id() + "@" + change.micros());
        record.put("eventName", change.eventName());
        record.putNull("userIdentity");
        record.put("recordFormat", "application/json");
        record.put("tableName", TABLE);
        record.put("eventSource", "aws:dynamodb");
        return record.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void insert(long micros, String author, String bookTitle, int year, String genre) {
        changes.add(new Change("INSERT", micros, author, bookTitle, image(author, bookTitle, year, genre)));
    }

    private static Map<String, Object> image(String author, String bookTitle, int year, String genre) {
        Map<String, Object> image = new LinkedHashMap<>();
        image.put("author", author);
        image.put("bookTitle", bookTitle);
        image.put("year", year);
        image.put("genre", genre);
        return image;
    }

    private static ObjectNode attribute(Object value) {
        return value instanceof Number ? NODES.objectNode().put("N", value.toString())
                : NODES.objectNode().put("S", value.toString());
    }
}
