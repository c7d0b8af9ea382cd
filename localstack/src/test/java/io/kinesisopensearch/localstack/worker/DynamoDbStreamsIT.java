package io.kinesisopensearch.localstack.worker;

import static io.kinesisopensearch.localstack.testing.OrderItems.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kinesisopensearch.consumer.ConsumerWorker;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.testing.Documents;
import io.kinesisopensearch.localstack.testing.Figures;
import io.kinesisopensearch.localstack.testing.Ledgers;
import io.kinesisopensearch.localstack.testing.TableItems;
import io.kinesisopensearch.localstack.testing.Workers;
import io.kinesisopensearch.sink.batch.Ledger;
import io.kinesisopensearch.sink.bulk.WriteCounters;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The story of a table kept in step with OpenSearch through its own DynamoDB Stream, with no
 * Kinesis data stream in between: orders are placed before the worker starts and while it runs,
 * changed, cancelled (deleted), and some are changed several times within one second. A worker
 * with {@code source.type=dynamodb-streams} reads the stream through KCL and the DynamoDB Streams
 * adapter, and the index ends up equal to the table. A second worker, a new application reading
 * the stream again from its start, replays every change: the older ones are refused as stale and
 * the index stays equal to the table.
 */
@ExtendWith(LocalStackExtension.class)
class DynamoDbStreamsIT {

    private static final List<String> KEYS = List.of("customer", "order");

    private static final int ORDERS = 60;
    private static final int EDITS = 300;
    private static final int BURSTS = 10;

    @Test
    void theIndexFollowsTheTablesOwnStreamAndAReplayChangesNothing(LocalStack stack) throws Exception {
        String table = Workers.unique("orders");
        String index = table;
        long seed = Long.getLong("story.seed", System.nanoTime());
        Random random = new Random(seed);
        Figures figures = new Figures("dynamodb-streams");
        Workers.createOrdersTable(stack, table, true);
        // gc_deletes keeps a deleted order's version for the replay below: without it, a replayed older
        // change arriving more than 60 s after the delete would bring the order back (see the README).
        stack.openSearch().indices().create(create -> create.index(index)
                .settings(settings -> settings.gcDeletes(time -> time.time("1h")))
                .mappings(mappings -> mappings.properties("total", property -> property.double_(number -> number))));

        // Orders placed before the worker starts: read from the stream's start (TRIM_HORIZON).
        int changes = 0;
        // Every order ever written: its last change (a put or a delete) is the one a replay keeps.
        Set<Integer> written = new HashSet<>();
        for (int order = 0; order < ORDERS; order++) {
            put(stack, table, order, 0, "placed");
            written.add(order);
            changes++;
        }

        String application = Workers.unique("orders-indexer");
        stack.leaseTable(application).prepare();
        long started = System.nanoTime();
        ConsumerWorker worker = Workers.start(Workers.tableStreamSettings(stack, table, application, index));
        WriteCounters.Snapshot first;
        long searchableMillis;
        try {
            // While it reads: changes and cancellations, and bursts of changes of one order within a second.
            for (int edit = 1; edit <= EDITS; edit++) {
                int order = random.nextInt(ORDERS + 20);
                if (random.nextInt(6) == 0) {
                    // Deleting an order that is not there changes nothing and writes no stream record.
                    changes += delete(stack, table, order) ? 1 : 0;
                } else {
                    put(stack, table, order, edit, random.nextBoolean() ? "paid" : "shipped");
                    written.add(order);
                    changes++;
                }
            }
            for (int burst = 0; burst < BURSTS; burst++) {
                int order = random.nextInt(ORDERS);
                long burstStarted = System.nanoTime();
                put(stack, table, order, 1_000 + burst, "changed");
                put(stack, table, order, 2_000 + burst, "changed again");
                assertThat(delete(stack, table, order)).isTrue();
                put(stack, table, order, 3_000 + burst, "placed again");
                put(stack, table, order, 4_000 + burst, "final");
                changes += 5;
                assertThat(Duration.ofNanos(System.nanoTime() - burstStarted)).as("a burst within one second")
                        .isLessThan(Duration.ofSeconds(1));
            }
            long lastWrite = System.nanoTime();
            Map<String, JsonNode> tableNow = TableItems.scan(stack, table, KEYS);
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> TableItems.indexEquals(stack, index, tableNow));
            searchableMillis = (System.nanoTime() - lastWrite) / 1_000_000;
            figures.put("changes", changes).put("items", tableNow.size())
                    .put("documents", Documents.all(stack.openSearch(), index).size())
                    .put("equal_after_last_write_ms", searchableMillis)
                    .put("worker_start_to_equal_ms", (System.nanoTime() - started) / 1_000_000);
            // With the worker reading, one more change: how soon it is searchable.
            long liveWrite = System.nanoTime();
            put(stack, table, 0, 9_999, "live");
            written.add(0);
            changes++;
            Map<String, JsonNode> withLive = TableItems.scan(stack, table, KEYS);
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                    .until(() -> TableItems.indexEquals(stack, index, withLive));
            figures.put("live_change_searchable_ms", (System.nanoTime() - liveWrite) / 1_000_000);
            first = worker.stats().snapshot();
        } finally {
            assertThat(worker.shutdown(Duration.ofSeconds(30))).as("graceful shutdown").isTrue();
        }
        Ledger.Account firstRecords = Ledgers.assertBalanced(worker.stats().snapshot());
        assertThat(first.deadLetters()).as("dead letters (seed %d)", seed).isZero();
        assertThat(first.recordsReceived()).as("stream records read").isEqualTo(changes);
        assertThat(stack.leaseTable(application).checkpoints()).as("checkpointed shards").isNotEmpty();
        // Versions are the change's second and its sequence number, not microseconds.
        long thisSecond = Instant.now().getEpochSecond();
        assertThat(Documents.all(stack.openSearch(), index)).allSatisfy(document -> assertThat(document.version())
                .isBetween((thisSecond - 3_600) * 1_000_000_000L, (thisSecond + 1) * 1_000_000_000L));

        int total = changes;
        // A new application reads the whole stream again: older changes lose to the stored newer ones.
        Map<String, JsonNode> tableNow = TableItems.scan(stack, table, KEYS);
        String replay = Workers.unique("orders-replay");
        stack.leaseTable(replay).prepare();
        Map<String, String> oneByOne = Workers.tableStreamSettings(stack, table, replay, index);
        // One change a bulk request: batched, only each order's newest change would be sent at all.
        oneByOne.put("BULK_MAX_ACTIONS", "1");
        ConsumerWorker again = Workers.start(oneByOne);
        WriteCounters.Snapshot second;
        try {
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> settled(again.stats().snapshot()) == total);
            assertThat(TableItems.indexEquals(stack, index, tableNow)).as("index equals table after the replay").isTrue();
            second = again.stats().snapshot();
        } finally {
            assertThat(again.shutdown(Duration.ofSeconds(30))).as("graceful shutdown").isTrue();
        }
        // Each order's last change is written again at its own version; every earlier one is refused.
        int orders = written.size();
        assertThat(second.actionsAcknowledged()).as("replayed newest changes").isEqualTo(orders);
        assertThat(second.staleVersions()).as("replayed older changes refused").isEqualTo(total - orders);
        assertThat(second.deadLetters()).isZero();
        // Records, each its own batch: the replay's older changes are stale records, none coalesced.
        Ledger.Account replayed = Ledgers.assertBalanced(again.stats().snapshot());
        assertThat(replayed).isEqualTo(new Ledger.Account(total, orders, total - orders, 0, 0, 0, 0));
        figures.put("dead_letters", first.deadLetters() + second.deadLetters())
                .put("replayed", second.recordsReceived())
                .put("replay_refused_stale", second.staleVersions())
                .put("replay_replaced_in_batch", second.actionsReplaced())
                .put("ledger", '"' + firstRecords.toString() + '"')
                .put("replay_ledger", '"' + replayed.toString() + '"')
                .print();
    }

    /** Changes written or refused as stale: all of them once the replay is done. */
    private static long settled(WriteCounters.Snapshot stats) {
        return stats.actionsAcknowledged() + stats.staleVersions() + stats.actionsReplaced() + stats.deadLetters();
    }

    private static boolean delete(LocalStack stack, String table, int order) {
        Map<String, AttributeValue> old = stack.dynamoDb().deleteItem(request -> request.tableName(table).key(key(order))
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        return old != null && !old.isEmpty();
    }

    private static void put(LocalStack stack, String table, int order, int edit, String status) {
        Map<String, AttributeValue> item = new HashMap<>(key(order));
        item.put("status", AttributeValue.fromS(status));
        item.put("edit", AttributeValue.fromN(String.valueOf(edit)));
        item.put("total", AttributeValue.fromN(order + "." + edit % 100));
        item.put("lines", AttributeValue.fromL(java.util.List.of(AttributeValue.fromS("item " + edit % 5))));
        stack.dynamoDb().putItem(request -> request.tableName(table).item(item));
    }
}
