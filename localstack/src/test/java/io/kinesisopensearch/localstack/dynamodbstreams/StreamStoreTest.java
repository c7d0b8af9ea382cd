package io.kinesisopensearch.localstack.dynamodbstreams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The streams' own clock on a clock the test moves: rollover, ending sequence numbers, expiry, trimming. */
class StreamStoreTest {

    private static final long HOUR = 3_600_000L;

    private final AtomicLong now = new AtomicLong(1_796_000_000_000L);
    private final StreamStore store = new StreamStore("eu-west-1", "123456789012", now::get, new StreamStore.Timing() {
        @Override
        public long rolloverMillis() {
            return 4 * HOUR;
        }

        @Override
        public long iteratorLifetimeMillis() {
            return 15 * 60_000L;
        }

        @Override
        public long retentionMillis() {
            return 24 * HOUR;
        }
    });

    @Test
    void theOpenShardIsReplacedEveryFourHoursByAChildNamingIt() {
        String arn = enable("Books").arn();
        assertThat(arn).isEqualTo("arn:aws:dynamodb:eu-west-1:123456789012:table/Books/stream/2026-11-30T00:53:20.000");
        change("Books", "a");
        now.addAndGet(4 * HOUR - 1);
        store.maintain();
        assertThat(shards(arn)).hasSize(1);
        now.addAndGet(1);
        change("Books", "b");
        List<JsonNode> shards = shards(arn);
        assertThat(shards).hasSize(2);
        JsonNode parent = shards.get(0);
        JsonNode child = shards.get(1);
        assertThat(child.path("ParentShardId").asText()).isEqualTo(parent.path("ShardId").asText());
        BigInteger end = new BigInteger(parent.path("SequenceNumberRange").path("EndingSequenceNumber").asText());
        assertThat(new BigInteger(records(arn, parent).get(0).path("dynamodb").path("SequenceNumber").asText()))
                .isEqualTo(end);
        assertThat(child.path("SequenceNumberRange").has("EndingSequenceNumber")).isFalse();
        assertThat(new BigInteger(child.path("SequenceNumberRange").path("StartingSequenceNumber").asText())).isGreaterThan(end);
        // An empty shard closes too, on a number of its own.
        now.addAndGet(4 * HOUR);
        store.maintain();
        now.addAndGet(4 * HOUR);
        store.maintain();
        assertThat(shards(arn)).hasSize(4);
        JsonNode empty = shards(arn).get(2);
        assertThat(records(arn, empty)).isEmpty();
        assertThat(new BigInteger(empty.path("SequenceNumberRange").path("EndingSequenceNumber").asText()))
                .isGreaterThanOrEqualTo(new BigInteger(empty.path("SequenceNumberRange").path("StartingSequenceNumber").asText()));
    }

    @Test
    void aClosedShardReadToItsEndGivesNoNextIterator() {
        String arn = enable("Books").arn();
        change("Books", "a");
        now.addAndGet(4 * HOUR);
        store.maintain();
        ObjectNode response = store.getRecords(request().put("ShardIterator", trimHorizon(arn, shards(arn).get(0))));
        assertThat(response.path("Records")).hasSize(1);
        assertThat(response.has("NextShardIterator")).isFalse();
        ObjectNode open = store.getRecords(request().put("ShardIterator", trimHorizon(arn, shards(arn).get(1))));
        assertThat(open.path("Records")).isEmpty();
        assertThat(open.has("NextShardIterator")).isTrue();
    }

    @Test
    void iteratorsExpireAfterFifteenMinutes() {
        String arn = enable("Books").arn();
        String iterator = trimHorizon(arn, shards(arn).get(0));
        now.addAndGet(15 * 60_000L);
        store.getRecords(request().put("ShardIterator", iterator));
        now.addAndGet(1);
        assertThatThrownBy(() -> store.getRecords(request().put("ShardIterator", iterator)))
                .isInstanceOfSatisfying(StreamsError.class, e -> {
                    assertThat(e.type()).isEqualTo("ExpiredIteratorException");
                    assertThat(e.status()).isEqualTo(400);
                });
    }

    @Test
    void recordsOlderThanADayAreTrimmedAndOldShardsLeave() {
        String arn = enable("Books").arn();
        change("Books", "a");
        String shardId = shards(arn).get(0).path("ShardId").asText();
        String old = records(arn, shards(arn).get(0)).get(0).path("dynamodb").path("SequenceNumber").asText();
        now.addAndGet(HOUR);
        change("Books", "b");
        now.addAndGet(23 * HOUR + 1);
        store.maintain();
        // "a" is over 24 h old: trimmed; "b" is kept, and TRIM_HORIZON starts at it.
        JsonNode first = shards(arn).get(0);
        assertThat(records(arn, first)).extracting(record -> record.path("dynamodb").path("Keys").path("id").path("S").asText())
                .containsExactly("b");
        // A position before the oldest record kept (an iterator that old has expired anyway).
        assertThatThrownBy(() -> store.getShardIterator(request().put("StreamArn", arn).put("ShardId", shardId)
                .put("ShardIteratorType", "AT_SEQUENCE_NUMBER").put("SequenceNumber", old)))
                .isInstanceOfSatisfying(StreamsError.class, e -> assertThat(e.type()).isEqualTo("TrimmedDataAccessException"));
        now.addAndGet(48 * HOUR);
        store.maintain();
        assertThat(shards(arn)).extracting(shard -> shard.path("ShardId").asText())
                .doesNotContain(first.path("ShardId").asText());
    }

    @Test
    void anUnchangedItemRecordsNothing() {
        String arn = enable("Books").arn();
        ObjectNode item = item("a");
        store.record("Books", null, item);
        store.record("Books", item, item.deepCopy());
        store.record("Books", null, null);
        assertThat(records(arn, shards(arn).get(0))).hasSize(1);
    }

    private StreamStore.TableStream enable(String table) {
        ArrayNode keySchema = Backend.JSON.createArrayNode();
        keySchema.addObject().put("AttributeName", "id").put("KeyType", "HASH");
        return store.enable(table, "NEW_AND_OLD_IMAGES", keySchema);
    }

    private void change(String table, String id) {
        store.record(table, null, item(id));
    }

    private static ObjectNode item(String id) {
        ObjectNode item = Backend.JSON.createObjectNode();
        item.putObject("id").put("S", id);
        return item;
    }

    private static ObjectNode request() {
        return Backend.JSON.createObjectNode();
    }

    private List<JsonNode> shards(String arn) {
        List<JsonNode> shards = new ArrayList<>();
        store.describeStream(request().put("StreamArn", arn)).path("StreamDescription").path("Shards").forEach(shards::add);
        return shards;
    }

    private String trimHorizon(String arn, JsonNode shard) {
        return store.getShardIterator(request().put("StreamArn", arn).put("ShardId", shard.path("ShardId").asText())
                .put("ShardIteratorType", "TRIM_HORIZON")).path("ShardIterator").asText();
    }

    private List<JsonNode> records(String arn, JsonNode shard) {
        List<JsonNode> records = new ArrayList<>();
        store.getRecords(request().put("ShardIterator", trimHorizon(arn, shard))).path("Records").forEach(records::add);
        return records;
    }
}
