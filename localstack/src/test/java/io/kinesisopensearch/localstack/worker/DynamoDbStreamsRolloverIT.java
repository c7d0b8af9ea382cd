package io.kinesisopensearch.localstack.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kinesisopensearch.consumer.ConsumerWorker;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.dynamodbstreams.DynamoDbStreamsStandIn;
import io.kinesisopensearch.localstack.testing.TableItems;
import io.kinesisopensearch.localstack.testing.Workers;
import io.kinesisopensearch.sink.bulk.WriteCounters;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The story of a shop's orders table followed through its own DynamoDB Stream for long enough that
 * the stream's shards roll over several times, as DynamoDB's do every few hours (here every three
 * seconds while the orders change, then no more): the worker reads each closed shard to its end
 * before it reads the shard that replaced it, while bursts of changes to the same few orders
 * (updates, cancellations, orders placed again) straddle the rollovers. At the end the index equals the table, no change was refused as older
 * than one already written (which a child read before its parent would cause), and every closed
 * shard is checkpointed at its end.
 */
@ExtendWith(LocalStackExtension.class)
class DynamoDbStreamsRolloverIT {

    private static final List<String> KEYS = List.of("customer", "order");

    private static final int ORDERS = 12;
    private static final Duration ROLLOVER = Duration.ofSeconds(3);
    private static final Duration WRITING = Duration.ofSeconds(16);

    @Test
    void theIndexFollowsTheTableAcrossShardRollovers(LocalStack stack) throws Exception {
        assumeThat(stack.dynamoDbStreams()).as("the stack's own DynamoDB Streams stand-in").isPresent();
        DynamoDbStreamsStandIn streams = stack.dynamoDbStreams().orElseThrow();
        long seed = Long.getLong("story.seed", System.nanoTime());
        Random random = new Random(seed);
        String table = Workers.unique("carts");
        String index = table;
        streams.rolloverInterval(ROLLOVER);
        ConsumerWorker worker = null;
        try {
            Workers.createOrdersTable(stack, table, true);
            stack.openSearch().indices().create(create -> create.index(index)
                    .mappings(mappings -> mappings.properties("edit", property -> property.long_(number -> number))));
            String application = Workers.unique("carts-indexer");
            stack.leaseTable(application).prepare();
            worker = Workers.start(Workers.tableStreamSettings(stack, table, application, index));

            int changes = 0;
            int edit = 0;
            long until = System.nanoTime() + WRITING.toNanos();
            while (System.nanoTime() < until) {
                // A burst on one order within a few milliseconds: changed, cancelled, placed again, changed.
                int order = random.nextInt(ORDERS);
                changes += put(stack, table, order, ++edit, "placed");
                changes += update(stack, table, order, ++edit, "paid");
                if (random.nextBoolean()) {
                    changes += delete(stack, table, order);
                    if (random.nextBoolean()) {
                        changes += put(stack, table, order, ++edit, "placed again");
                        changes += update(stack, table, order, ++edit, "shipped");
                    }
                }
                Thread.sleep(100);
            }
            // The stream goes quiet: no more rollovers. KCL starts a child shard's consumer only once its
            // parent is checkpointed at its end, and checks that every 10 s (CoordinatorConfig's
            // parentShardPollIntervalMillis): each rollover can cost the worker up to 10 s.
            streams.resetTiming();
            Map<String, JsonNode> tableNow = TableItems.scan(stack, table, KEYS);
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> TableItems.indexEquals(stack, index, tableNow));
            int expected = changes;
            ConsumerWorker reading = worker;
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .until(() -> reading.stats().snapshot().recordsReceived() >= expected);
            WriteCounters.Snapshot stats = worker.stats().snapshot();
            assertThat(stats.recordsReceived()).as("stream records read (seed %d)", seed).isEqualTo(changes);
            assertThat(stats.deadLetters()).isZero();
            assertThat(stats.staleVersions()).as("changes refused as older than one written: a child read before"
                    + " its parent").isZero();
            Map<String, String> checkpoints = stack.leaseTable(application).checkpoints();
            assertThat(checkpoints.size()).as("shards: one per rollover and the open one")
                    .isGreaterThanOrEqualTo((int) (WRITING.toSeconds() / ROLLOVER.toSeconds()));
            // Shards keep rolling over after the last write; those the worker has not finished yet are not counted.
            assertThat(checkpoints.values().stream().filter("SHARD_END"::equals).count())
                    .as("closed shards read to their end").isGreaterThanOrEqualTo(WRITING.toSeconds() / ROLLOVER.toSeconds() - 1);
        } catch (Throwable failure) {
            if (worker != null) {
                worker.shutdown(Duration.ofSeconds(30));
            }
            throw failure;
        } finally {
            streams.resetTiming();
        }
        assertThat(worker.shutdown(Duration.ofSeconds(30))).as("graceful shutdown").isTrue();
    }

    private static Map<String, AttributeValue> key(int order) {
        return Map.of("customer", AttributeValue.fromS("customer " + order % 3), "order",
                AttributeValue.fromN(Integer.toString(order)));
    }

    private static int put(LocalStack stack, String table, int order, int edit, String status) {
        Map<String, AttributeValue> item = new HashMap<>(key(order));
        item.put("status", AttributeValue.fromS(status));
        item.put("edit", AttributeValue.fromN(Integer.toString(edit)));
        stack.dynamoDb().putItem(request -> request.tableName(table).item(item));
        return 1;
    }

    private static int update(LocalStack stack, String table, int order, int edit, String status) {
        stack.dynamoDb().updateItem(request -> request.tableName(table).key(key(order))
                .updateExpression("SET #s = :s, edit = :e").expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(status),
                        ":e", AttributeValue.fromN(Integer.toString(edit)))));
        return 1;
    }

    /** 1 if there was an order to delete (a delete of nothing writes no stream record). */
    private static int delete(LocalStack stack, String table, int order) {
        Map<String, AttributeValue> old = stack.dynamoDb().deleteItem(request -> request.tableName(table).key(key(order))
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        return old != null && !old.isEmpty() ? 1 : 0;
    }
}
