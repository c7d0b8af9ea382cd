package io.kinesisopensearch.localstack.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The bookshop's DynamoDB table {@code books} (key: {@code author}, {@code bookTitle}; a stream of
 * new and old images), and the writes local mode makes to it as the shop's application would:
 * inserts, an update that adds a field, a delete, and one item changed twice within a second. A
 * worker reads the table's own stream into the index {@code books}, which must end equal to the
 * table ({@link #scan}).
 */
final class BookTable {

    static final String NAME = "books";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    /** One write of one book: {@code operation} is PutItem, UpdateItem or DeleteItem. */
    record Write(String operation, String author, String bookTitle, Consumer<DynamoDbClient> apply) {

        String id() {
            return author + "|" + bookTitle;
        }
    }

    private BookTable() {
    }

    /**
     * The writes, in order; each changes its item, so each makes one stream record. The Name of the
     * Rose's translator is set and corrected right after: two changes within one second, which the
     * index must apply in their order although their change times are the same second.
     */
    static List<Write> writes() {
        List<Write> writes = new ArrayList<>();
        writes.add(put("Dan Brown", "The Da Vinci Code", 2003, "Thriller"));
        writes.add(put("Dan Brown", "Angels & Demons", 2000, "Thriller"));
        writes.add(put("Dan Brown", "Inferno", 2013, "Thriller"));
        writes.add(put("Dan Brown", "Digital Fortress", 1998, "Techno-thriller"));
        writes.add(put("Dan Brown", "Origin", 2017, "Thriller"));
        writes.add(put("Umberto Eco", "The Name of the Rose", 1980, "Historical mystery"));
        writes.add(put("Agatha Christie", "Murder on the Orient Express", 1934, "Detective fiction"));
        writes.add(put("J. R. R. Tolkien", "The Hobbit", 1937, "Fantasy"));
        writes.add(put("Mary Shelley", "Frankenstein", 1818, "Gothic novel"));
        writes.add(update("Dan Brown", "The Da Vinci Code", "rating", AttributeValue.fromN("4.5")));
        writes.add(update("Umberto Eco", "The Name of the Rose", "translator", AttributeValue.fromS("W. Weaver")));
        writes.add(update("Umberto Eco", "The Name of the Rose", "translator", AttributeValue.fromS("William Weaver")));
        writes.add(delete("Dan Brown", "Digital Fortress"));
        writes.add(put("Dan Brown", "Deception Point", 2001, "Techno-thriller"));
        return List.copyOf(writes);
    }

    /** The writes for the console: "10 puts; 3 updates: ...; 1 delete". */
    static String summary(List<Write> writes) {
        return count(writes, "PutItem") + " puts; " + count(writes, "UpdateItem") + " updates: a field added, one item"
                + " changed twice within a second; " + count(writes, "DeleteItem") + " delete";
    }

    /**
     * Creates the table with a stream of new and old images, and waits until it is active; a table
     * that is there already is kept, its stream enabled if it had none. Returns its stream's ARN,
     * when the table is new.
     */
    static Optional<String> create(DynamoDbClient dynamoDb) {
        StreamSpecification stream = StreamSpecification.builder().streamEnabled(true)
                .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build();
        String created;
        try {
            created = dynamoDb.createTable(request -> request.tableName(NAME)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(KeySchemaElement.builder().attributeName("author").keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName("bookTitle").keyType(KeyType.RANGE).build())
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName("author").attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName("bookTitle").attributeType(ScalarAttributeType.S)
                                    .build())
                    .streamSpecification(stream)).tableDescription().latestStreamArn();
        } catch (ResourceInUseException alreadyThere) {
            created = null;
            TableDescription table = dynamoDb.describeTable(request -> request.tableName(NAME)).table();
            if (table.streamSpecification() == null || !Boolean.TRUE.equals(table.streamSpecification().streamEnabled())) {
                dynamoDb.updateTable(request -> request.tableName(NAME).streamSpecification(stream));
            }
        }
        dynamoDb.waiter().waitUntilTableExists(request -> request.tableName(NAME));
        return Optional.ofNullable(created);
    }

    /**
     * The table now: document id (the key values in attribute-name order, joined by '|', as the
     * mapping makes it) to the item as plain JSON, as the index must hold it.
     */
    static Map<String, JsonNode> scan(DynamoDbClient dynamoDb) {
        Map<String, JsonNode> items = new TreeMap<>();
        for (Map<String, AttributeValue> item : dynamoDb.scanPaginator(request -> request.tableName(NAME)
                .consistentRead(true)).items()) {
            ObjectNode plain = NODES.objectNode();
            new TreeMap<>(item).forEach((name, value) -> plain.set(name, plain(value)));
            items.put(item.get("author").s() + "|" + item.get("bookTitle").s(), plain);
        }
        return items;
    }

    /**
     * What differs between {@code index} (id to source) and {@code table} (from {@link #scan}): one
     * line per document missing, unexpected or different; empty when they are equal. Numbers are
     * compared by value (DynamoDB stores 4.50 as 4.5).
     */
    static List<String> differences(Map<String, JsonNode> table, Map<String, JsonNode> index) {
        List<String> differences = new ArrayList<>();
        TreeSet<String> ids = new TreeSet<>(table.keySet());
        ids.addAll(index.keySet());
        for (String id : ids) {
            JsonNode want = table.get(id);
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

    /** An attribute value as the mapping writes it into a document: sets and lists as arrays, binary as base64 text. */
    static JsonNode plain(AttributeValue value) {
        return switch (value.type()) {
            case S -> NODES.textNode(value.s());
            case N -> NODES.numberNode(new BigDecimal(value.n()));
            case B -> NODES.textNode(BASE64.encodeToString(value.b().asByteArray()));
            case BOOL -> NODES.booleanNode(value.bool());
            case NUL -> NODES.nullNode();
            case SS -> array(value.ss().stream().map(NODES::textNode).toList());
            case NS -> array(value.ns().stream().map(number -> (JsonNode) NODES.numberNode(new BigDecimal(number))).toList());
            case BS -> array(value.bs().stream().map(bytes -> NODES.textNode(BASE64.encodeToString(bytes.asByteArray())))
                    .toList());
            case L -> array(value.l().stream().map(BookTable::plain).toList());
            case M -> {
                ObjectNode map = NODES.objectNode();
                value.m().forEach((name, inner) -> map.set(name, plain(inner)));
                yield map;
            }
            case UNKNOWN_TO_SDK_VERSION -> throw new IllegalArgumentException("Unknown attribute type: " + value);
        };
    }

    private static ArrayNode array(List<? extends JsonNode> elements) {
        ArrayNode array = NODES.arrayNode();
        elements.forEach(array::add);
        return array;
    }

    private static long count(List<Write> writes, String operation) {
        return writes.stream().filter(write -> write.operation().equals(operation)).count();
    }

    private static Map<String, AttributeValue> key(String author, String bookTitle) {
        return Map.of("author", AttributeValue.fromS(author), "bookTitle", AttributeValue.fromS(bookTitle));
    }

    private static Write put(String author, String bookTitle, int year, String genre) {
        Map<String, AttributeValue> item = new TreeMap<>(key(author, bookTitle));
        item.put("year", AttributeValue.fromN(Integer.toString(year)));
        item.put("genre", AttributeValue.fromS(genre));
        return new Write("PutItem", author, bookTitle, dynamoDb -> dynamoDb.putItem(request -> request.tableName(NAME)
                .item(item)));
    }

    private static Write update(String author, String bookTitle, String field, AttributeValue value) {
        return new Write("UpdateItem", author, bookTitle, dynamoDb -> dynamoDb.updateItem(request -> request
                .tableName(NAME).key(key(author, bookTitle)).updateExpression("SET #field = :value")
                .expressionAttributeNames(Map.of("#field", field)).expressionAttributeValues(Map.of(":value", value))));
    }

    private static Write delete(String author, String bookTitle) {
        return new Write("DeleteItem", author, bookTitle, dynamoDb -> dynamoDb.deleteItem(request -> request
                .tableName(NAME).key(key(author, bookTitle))));
    }
}
