package io.kinesisopensearch.localstack.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.mapping.DocumentAction;
import io.kinesisopensearch.mapping.RecordMapper;
import io.kinesisopensearch.record.RecordCoordinates;
import io.kinesisopensearch.record.SourceRecord;
import io.kinesisopensearch.sink.bulk.BulkConfig;
import io.kinesisopensearch.sink.bulk.BulkResult;
import io.kinesisopensearch.sink.bulk.BulkWriter;
import io.kinesisopensearch.sink.bulk.ConcurrencyLimiter;
import io.kinesisopensearch.sink.bulk.WriteCounters;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opensearch.client.opensearch.core.search.Hit;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The story of a table mirrored into OpenSearch: a music catalogue is edited for a while (songs added,
 * changed, deleted), and Kinesis Data Streams for DynamoDB delivers the change records out of order
 * and some of them twice, as it may. Mapped with {@code mapping.format=dynamodb} and written by the
 * consumer's bulk writer, the index still ends up equal to the table: deleted songs are gone and
 * every other song is at its newest image, because each change carries its time as an external
 * version and OpenSearch refuses the stale ones.
 */
@ExtendWith(LocalStackExtension.class)
class DynamoDbChangesIT {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int SONGS = 40;
    private static final int EDITS = 600;

    @Test
    void shuffledAndDuplicatedChangesLeaveTheIndexEqualToTheTable(LocalStack stack) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String table = "music-" + run;
        String index = "music-" + run;
        long seed = Long.getLong("story.seed", System.nanoTime());
        Random random = new Random(seed);
        createMusicTable(stack, table);

        // The catalogue is edited; every write also yields the change record the stream would carry.
        List<String> changes = edit(stack, table, random);

        // The stream delivers each change at least once, some twice, in no particular order.
        List<String> delivered = new ArrayList<>(changes);
        for (String change : changes) {
            if (random.nextInt(3) == 0) {
                delivered.add(change);
            }
        }
        Collections.shuffle(delivered, random);

        // The index is created with its mapping, as in production: left to dynamic mapping, items of
        // one bulk request can guess different types for the same number field.
        stack.openSearch().indices().create(create -> create.index(index).mappings(mappings -> mappings
                .properties("Price", property -> property.double_(number -> number))
                .properties("Ratings", property -> property.double_(number -> number))
                .properties("Plays", property -> property.long_(number -> number))));

        // The consumer maps each record and writes the actions in bulk batches.
        RecordMapper mapper = RecordMapper.from(Settings.of(Map.of(
                "opensearch.index", index, "mapping.format", "dynamodb")));
        BulkWriter writer = new BulkWriter(stack.openSearch(), BulkConfig.DEFAULT, new ConcurrencyLimiter(4), new WriteCounters());
        int acknowledged = 0;
        int stale = 0;
        for (int from = 0; from < delivered.size(); from += 50) {
            List<DocumentAction> batch = new ArrayList<>();
            for (int i = from; i < Math.min(delivered.size(), from + 50); i++) {
                batch.addAll(mapper.map(changeRecord(table, i, delivered.get(i))));
            }
            BulkResult result = writer.write(batch);
            assertThat(result.failures()).as("bulk failures (seed %d)", seed).isEmpty();
            acknowledged += result.acknowledged();
            stale += result.stale();
        }

        Map<String, JsonNode> tableNow = scan(stack, table);
        Map<String, JsonNode> indexNow = search(stack, index);
        assertThat(indexNow.keySet()).as("songs in the index (seed %d)", seed).isEqualTo(tableNow.keySet());
        for (Map.Entry<String, JsonNode> song : tableNow.entrySet()) {
            assertThat(indexNow.get(song.getKey()).equals(NUMBERS_BY_VALUE, song.getValue()))
                    .as("song %s: index %s, table %s (seed %d)", song.getKey(), indexNow.get(song.getKey()),
                            song.getValue(), seed)
                    .isTrue();
        }
        assertThat(stale).as("stale changes refused").isPositive();
        System.out.printf("Story: %d changes delivered as %d records (shuffled, %d twice); %d applied, %d refused as"
                        + " stale; the index holds the table's %d songs%n",
                changes.size(), delivered.size(), delivered.size() - changes.size(), acknowledged, stale,
                tableNow.size());
    }

    private static void createMusicTable(LocalStack stack, String table) {
        stack.dynamoDb().createTable(request -> request
                .tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(
                        KeySchemaElement.builder().attributeName("Artist").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("SongTitle").keyType(KeyType.RANGE).build())
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("Artist").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("SongTitle").attributeType(ScalarAttributeType.S).build()));
        stack.dynamoDb().waiter().waitUntilTableExists(request -> request.tableName(table));
    }

    /** Puts and deletes songs at random; returns the change records in the order they happened. */
    private static List<String> edit(LocalStack stack, String table, Random random) {
        List<String> changes = new ArrayList<>();
        // Microsecond precision, the stream's default; consecutive changes are at least 1 µs apart.
        long micros = Instant.parse("2026-11-21T09:00:00Z").toEpochMilli() * 1000;
        for (int edit = 0; edit < EDITS; edit++) {
            micros += 1 + random.nextInt(5_000);
            int song = random.nextInt(SONGS);
            Map<String, AttributeValue> key = Map.of(
                    "Artist", AttributeValue.fromS("Artist " + song % 7),
                    "SongTitle", AttributeValue.fromS("Song " + song));
            if (random.nextInt(5) == 0) {
                Map<String, AttributeValue> old = stack.dynamoDb().deleteItem(request -> request
                        .tableName(table).key(key).returnValues(ReturnValue.ALL_OLD)).attributes();
                if (old != null && !old.isEmpty()) {
                    changes.add(change("REMOVE", micros, key, null, old));
                }
            } else {
                Map<String, AttributeValue> item = new HashMap<>(key);
                item.put("Plays", AttributeValue.fromN(String.valueOf(edit)));
                item.put("Price", AttributeValue.fromN(random.nextInt(20) + "." + random.nextInt(10) + "0"));
                item.put("Explicit", AttributeValue.fromBool(random.nextBoolean()));
                item.put("Producer", random.nextBoolean() ? AttributeValue.fromNul(true) : AttributeValue.fromS("P" + edit));
                item.put("Label", AttributeValue.fromM(Map.of("Name", AttributeValue.fromS("Label " + edit % 3),
                        "Founded", AttributeValue.fromN("19" + (50 + edit % 50)))));
                // OpenSearch arrays hold one type, so the lists do too.
                item.put("Tracks", AttributeValue.fromL(List.of(AttributeValue.fromS("Intro"),
                        AttributeValue.fromS("Track " + edit % 12))));
                item.put("Ratings", AttributeValue.fromL(List.of(AttributeValue.fromN("4.5"),
                        AttributeValue.fromN(String.valueOf(edit % 5)))));
                item.put("Cover", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {(byte) edit, 1, 2})));
                Map<String, AttributeValue> old = stack.dynamoDb().putItem(request -> request
                        .tableName(table).item(item).returnValues(ReturnValue.ALL_OLD)).attributes();
                boolean existed = old != null && !old.isEmpty();
                changes.add(change(existed ? "MODIFY" : "INSERT", micros, key, item, existed ? old : null));
            }
        }
        return changes;
    }

    /** A change record as Kinesis Data Streams for DynamoDB delivers it. */
    private static String change(String eventName, long micros, Map<String, AttributeValue> keys,
            Map<String, AttributeValue> newImage, Map<String, AttributeValue> oldImage) {
        ObjectNode dynamodb = JSON.objectNode();
        dynamodb.put("ApproximateCreationDateTime", micros);
        dynamodb.set("Keys", dynamoJson(keys));
        if (newImage != null) {
            dynamodb.set("NewImage", dynamoJson(newImage));
        }
        if (oldImage != null) {
            dynamodb.set("OldImage", dynamoJson(oldImage));
        }
        dynamodb.put("SizeBytes", 100);
        ObjectNode record = JSON.objectNode();
        record.put("awsRegion", "us-east-1");
        record.set("dynamodb", dynamodb);
        record.put("eventID", UUID.randomUUID().toString());
        record.put("eventName", eventName);
        record.putNull("userIdentity");
        record.put("recordFormat", "application/json");
        record.put("tableName", "Music");
        record.put("eventSource", "aws:dynamodb");
        return record.toString();
    }

    private static SourceRecord changeRecord(String stream, int position, String change) {
        RecordCoordinates at = new RecordCoordinates(stream, "shardId-000000000000",
                String.format("%056d", position), 0, "Artist", Instant.now());
        return new SourceRecord(at, change.getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode dynamoJson(Map<String, AttributeValue> item) {
        ObjectNode json = JSON.objectNode();
        item.forEach((name, value) -> json.set(name, dynamoJson(value)));
        return json;
    }

    private static JsonNode dynamoJson(AttributeValue value) {
        ObjectNode typed = JSON.objectNode();
        switch (value.type()) {
            case S -> typed.put("S", value.s());
            case N -> typed.put("N", value.n());
            case B -> typed.put("B", Base64.getEncoder().encodeToString(value.b().asByteArray()));
            case BOOL -> typed.put("BOOL", value.bool());
            case NUL -> typed.put("NULL", true);
            case M -> typed.set("M", dynamoJson(value.m()));
            case L -> {
                ArrayNode list = typed.putArray("L");
                value.l().forEach(element -> list.add(dynamoJson(element)));
            }
            default -> throw new IllegalArgumentException("not used in this story: " + value.type());
        }
        return typed;
    }

    /** The table as plain JSON documents by id (the key values joined as the mapping joins them). */
    private static Map<String, JsonNode> scan(LocalStack stack, String table) {
        Map<String, JsonNode> items = new HashMap<>();
        for (Map<String, AttributeValue> item : stack.dynamoDb().scanPaginator(request -> request.tableName(table)).items()) {
            ObjectNode plain = JSON.objectNode();
            item.forEach((name, value) -> plain.set(name, plain(value)));
            items.put(item.get("Artist").s() + "|" + item.get("SongTitle").s(), plain);
        }
        return items;
    }

    private static JsonNode plain(AttributeValue value) {
        return switch (value.type()) {
            case S -> JSON.textNode(value.s());
            case N -> JSON.numberNode(new BigDecimal(value.n()));
            case B -> JSON.textNode(Base64.getEncoder().encodeToString(value.b().asByteArray()));
            case BOOL -> JSON.booleanNode(value.bool());
            case NUL -> JSON.nullNode();
            case M -> {
                ObjectNode map = JSON.objectNode();
                value.m().forEach((name, element) -> map.set(name, plain(element)));
                yield map;
            }
            case L -> {
                ArrayNode list = JSON.arrayNode();
                value.l().forEach(element -> list.add(plain(element)));
                yield list;
            }
            default -> throw new IllegalArgumentException("not used in this story: " + value.type());
        };
    }

    private static Map<String, JsonNode> search(LocalStack stack, String index) throws java.io.IOException {
        stack.openSearch().indices().refresh(refresh -> refresh.index(index));
        Map<String, JsonNode> documents = new HashMap<>();
        for (Hit<JsonNode> hit : stack.openSearch().search(search -> search.index(index).size(1_000), JsonNode.class)
                .hits().hits()) {
            documents.put(hit.id(), hit.source());
        }
        return documents;
    }

    /** DynamoDB stores 12.50 as 12.5; the index keeps the 12.50 of the change record. Same number. */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };
}
