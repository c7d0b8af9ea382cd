package io.kinesisopensearch.localstack.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kinesisopensearch.consumer.ConsumerWorker;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.OpenSearchNode;
import io.kinesisopensearch.localstack.StreamProducer;
import io.kinesisopensearch.localstack.testing.BackgroundProducer;
import io.kinesisopensearch.localstack.testing.Documents;
import io.kinesisopensearch.localstack.testing.Figures;
import io.kinesisopensearch.localstack.testing.Orders;
import io.kinesisopensearch.localstack.testing.Workers;
import io.kinesisopensearch.sink.bulk.WriteCounters;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * OpenSearch goes away for a minute while orders keep coming: the worker holds its batches, retries,
 * and once OpenSearch is back every order is indexed once and the checkpoints reach the stream's end.
 */
@ExtendWith(LocalStackExtension.class)
class OpenSearchOutageIT {

    private static final int ORDERS = 3_000;
    private static final Duration OUTAGE = Duration.ofSeconds(60);

    @Test
    void nothingIsLostOrDuplicatedWhenOpenSearchIsDownForAMinute(LocalStack stack) throws Exception {
        Figures figures = new Figures("opensearch-outage");
        OpenSearchNode node = stack.startOpenSearchNode(Map.of());
        String stream = Workers.unique("outage");
        String index = stream;
        stack.createStream(stream, 2);
        stack.leaseTable(stream).prepareWithLeases(stream);
        Map<String, String> settings = Workers.settings(stack, stream, stream, index);
        settings.put("OPENSEARCH_URL", node.endpoint().toString());
        settings.put("BULK_RETRY_MAX_DELAY", "5s");
        StreamProducer producer = new StreamProducer(stack.kinesis(), stream);

        ConsumerWorker worker = Workers.start(settings);
        CompletableFuture<Void> producing = BackgroundProducer.start(producer, Orders.range(0, ORDERS), 100, 250);
        await().atMost(Duration.ofMinutes(2)).until(() -> node.searchableDocuments(index) >= 500);

        node.stop();
        long outageStarted = System.nanoTime();
        Thread.sleep(OUTAGE.toMillis());
        WriteCounters.Snapshot during = worker.stats().snapshot();
        node.start();
        long restarted = System.nanoTime();
        producing.join();

        await().atMost(Duration.ofMinutes(3)).until(() -> node.searchableDocuments(index) == ORDERS);
        long catchUpMillis = (System.nanoTime() - restarted) / 1_000_000;
        Map<String, String> last = producer.lastSequenceNumbers();
        await().atMost(Duration.ofMinutes(1)).until(() -> stack.leaseTable(stream).checkpoints().equals(last));
        WriteCounters.Snapshot stats = worker.stats().snapshot();
        assertThat(worker.shutdown(Duration.ofSeconds(30))).isTrue();

        assertThat(Documents.all(node.client(), index)).hasSize(ORDERS)
                .extracting(Documents.Stored::id).doesNotHaveDuplicates();
        assertThat(during.retries()).as("retries while OpenSearch was down").isPositive();
        assertThat(stats.actionsFailed()).isZero();
        assertThat(stats.deadLetters()).isZero();
        figures.put("produced", producer.produced())
                .put("indexed", node.searchableDocuments(index))
                .put("outageSeconds", (restarted - outageStarted) / 1_000_000_000)
                .put("retries", stats.retries())
                .put("catchUpMillis", catchUpMillis)
                .put("deadLetters", stats.deadLetters())
                .print();
    }
}
