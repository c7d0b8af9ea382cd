package io.kinesisopensearch.localstack.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kinesisopensearch.consumer.ConsumerWorker;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.OpenSearchNode;
import io.kinesisopensearch.localstack.StreamProducer;
import io.kinesisopensearch.localstack.testing.Documents;
import io.kinesisopensearch.localstack.testing.Figures;
import io.kinesisopensearch.localstack.testing.Ledgers;
import io.kinesisopensearch.localstack.testing.Orders;
import io.kinesisopensearch.localstack.testing.Workers;
import io.kinesisopensearch.sink.batch.Ledger;
import io.kinesisopensearch.sink.bulk.WriteCounters;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A cluster too small for the load: a node with one write thread and a queue of one rejects bulk
 * items with 429. The worker lowers its concurrency for all its shards together, retries what was
 * rejected, and loses nothing.
 */
@ExtendWith(LocalStackExtension.class)
class ThrottlingIT {

    private static final int ORDERS = 8_000;

    @Test
    void rejectedItemsAreRetriedWithLessConcurrencyAndNothingIsLost(LocalStack stack) throws Exception {
        Figures figures = new Figures("429-storm");
        OpenSearchNode node = stack.startOpenSearchNode(Map.of(
                "thread_pool.write.size", "1",
                "thread_pool.write.queue_size", "1"));
        String stream = Workers.unique("throttled");
        String index = stream;
        // Three primary shards: a bulk request fans out into three write tasks that compete for the queue.
        node.client().indices().create(create -> create.index(index)
                .settings(settings -> settings.numberOfShards(3).numberOfReplicas(0)));
        stack.createStream(stream, 4);
        StreamProducer producer = new StreamProducer(stack.kinesis(), stream);
        producer.put(Orders.range(0, ORDERS));
        stack.leaseTable(stream).prepareWithLeases(stream);
        Map<String, String> settings = Workers.settings(stack, stream, stream, index);
        settings.put("OPENSEARCH_URL", node.endpoint().toString());
        settings.put("BULK_MAX_ACTIONS", "250");
        settings.put("BULK_MAX_CONCURRENCY", "8");
        settings.put("BULK_RETRY_INITIAL_DELAY", "50ms");

        ConsumerWorker worker = Workers.start(settings);
        long started = System.nanoTime();
        await().atMost(Duration.ofMinutes(4)).until(() -> node.searchableDocuments(index) == ORDERS);
        long indexMillis = (System.nanoTime() - started) / 1_000_000;
        Ledger.Account records = Ledgers.assertBalancedThroughShutdown(worker);
        WriteCounters.Snapshot stats = worker.stats().snapshot();

        assertThat(stats.throttled()).as("bulk requests answered with 429").isPositive();
        assertThat(stats.retries()).isPositive();
        assertThat(stats.concurrencyDecreases()).as("times the concurrency was lowered").isPositive();
        assertThat(stats.lowestConcurrency()).isLessThan(8);
        assertThat(stats.actionsFailed()).isZero();
        assertThat(records.deadLettered()).isZero();
        assertThat(records.acknowledged()).isGreaterThanOrEqualTo(ORDERS);
        assertThat(Documents.all(node.client(), index)).hasSize(ORDERS);
        figures.put("produced", producer.produced())
                .put("indexed", node.searchableDocuments(index))
                .put("bulkRequests", stats.bulkRequests())
                .put("throttledRequests", stats.throttled())
                .put("retries", stats.retries())
                .put("concurrencyLowered", stats.concurrencyDecreases())
                .put("lowestConcurrency", stats.lowestConcurrency())
                .put("concurrencyAtEnd", stats.concurrency())
                .put("indexMillis", indexMillis)
                .put("deadLetters", stats.deadLetters())
                .put("ledger", '"' + records.toString() + '"')
                .print();
    }
}
