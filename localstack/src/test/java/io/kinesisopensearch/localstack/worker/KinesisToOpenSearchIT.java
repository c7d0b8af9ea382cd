package io.kinesisopensearch.localstack.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.consumer.ConsumerConfig;
import io.kinesisopensearch.consumer.ConsumerWorker;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.StreamProducer;
import io.kinesisopensearch.localstack.testing.Orders;
import io.kinesisopensearch.localstack.testing.Workers;
import io.kinesisopensearch.sink.bulk.WriteCounters;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;

/**
 * The story of the real-time path: orders go into a 4-shard stream, a KCL worker puts them into a
 * real OpenSearch, stops, and leaves each shard checkpointed at its last record; a second worker on
 * the same stream resumes there and re-sends nothing.
 */
@ExtendWith(LocalStackExtension.class)
class KinesisToOpenSearchIT {

    private static final int ORDERS = 10_000;
    private static final int SHARDS = 4;

    @Test
    void ordersPutIntoKinesisBecomeSearchableAndEachShardIsCheckpointedAtItsEnd(LocalStack stack) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String stream = "orders-" + run;
        String application = "orders-indexer-" + run;
        String index = "orders-" + run;

        stack.createStream(stream, SHARDS);
        StreamProducer producer = new StreamProducer(stack.kinesis(), stream);
        long putStarted = System.nanoTime();
        producer.put(Orders.range(0, ORDERS));
        long putMillis = (System.nanoTime() - putStarted) / 1_000_000;
        Map<String, String> lastSequenceNumbers = producer.lastSequenceNumbers();
        assertThat(lastSequenceNumbers).hasSize(SHARDS);

        stack.leaseTable(application).prepare();
        long consumeStarted = System.nanoTime();
        ConsumerWorker worker = ConsumerWorker.start(workerConfig(stack, stream, application, index));
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> stack.searchableDocuments(index) == ORDERS);
        long consumeMillis = (System.nanoTime() - consumeStarted) / 1_000_000;
        WriteCounters.Snapshot first = worker.stats().snapshot();
        assertThat(worker.shutdown(Duration.ofSeconds(30))).as("graceful shutdown").isTrue();

        assertThat(first.recordsReceived()).isEqualTo(ORDERS);
        assertThat(first.actionsAcknowledged()).isEqualTo(ORDERS);
        assertThat(stack.leaseTable(application).checkpoints()).isEqualTo(lastSequenceNumbers);
        SearchResponse<JsonNode> found = stack.openSearch().search(search -> search.index(index)
                .query(query -> query.match(match -> match.field("customer")
                        .query(value -> value.stringValue("customer 4242")))), JsonNode.class);
        assertThat(found.hits().hits()).extracting(Hit::id).contains(Orders.id(4242));

        ConsumerWorker again = ConsumerWorker.start(workerConfig(stack, stream, application, index));
        long reRead;
        try {
            await().atMost(Duration.ofMinutes(2)).until(() -> again.stats().snapshot().shardsStarted() == SHARDS);
            // Give its shard consumers a few polls: they start after the checkpoints, so they find nothing.
            Thread.sleep(3_000);
            reRead = again.stats().snapshot().recordsReceived();
            assertThat(reRead).as("records re-read after restart").isZero();
            assertThat(stack.searchableDocuments(index)).isEqualTo(ORDERS);

            producer.put(Orders.range(ORDERS, 100));
            await().atMost(Duration.ofMinutes(1)).until(() -> stack.searchableDocuments(index) == ORDERS + 100);
            assertThat(again.stats().snapshot().recordsReceived()).isEqualTo(100);
        } finally {
            assertThat(again.shutdown(Duration.ofSeconds(30))).as("graceful shutdown").isTrue();
        }
        System.out.printf("Story: %d orders put in %d ms, all %d searchable %d ms after the worker started;"
                        + " restart re-read %d records%n",
                ORDERS, putMillis, ORDERS, consumeMillis, reRead);
    }

    private static ConsumerConfig workerConfig(LocalStack stack, String stream, String application, String index) {
        return ConsumerConfig.from(Settings.of(Workers.settings(stack, stream, application, index)));
    }
}
