package io.kinesisopensearch.localstack.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kinesisopensearch.consumer.ConsumerWorker;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.StreamProducer;
import io.kinesisopensearch.localstack.testing.Orders;
import io.kinesisopensearch.localstack.testing.Workers;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The worker's default retrieval, enhanced fan-out: KCL registers a stream consumer and each shard
 * is pushed over HTTP/2 (SubscribeToShard) instead of polled.
 */
@ExtendWith(LocalStackExtension.class)
class EnhancedFanOutIT {

    private static final int ORDERS = 1_000;

    @Test
    void ordersArriveThroughEnhancedFanOut(LocalStack stack) throws Exception {
        String stream = Workers.unique("fanout");
        stack.createStream(stream, 2);
        stack.leaseTable(stream).prepareWithLeases(stream);
        Map<String, String> settings = Workers.settings(stack, stream, stream, stream);
        settings.remove("KINESIS_RETRIEVAL");
        settings.remove("KINESIS_POLLING_IDLE_TIME");
        StreamProducer producer = new StreamProducer(stack.kinesis(), stream);
        producer.put(Orders.range(0, ORDERS));

        ConsumerWorker worker = Workers.start(settings);
        try {
            await().atMost(Duration.ofMinutes(2)).until(() -> stack.searchableDocuments(stream) == ORDERS);
            Map<String, String> last = producer.lastSequenceNumbers();
            await().atMost(Duration.ofMinutes(1)).until(() -> stack.leaseTable(stream).checkpoints().equals(last));
        } finally {
            assertThat(worker.shutdown(Duration.ofSeconds(30))).isTrue();
        }
        assertThat(stack.kinesis().listStreamConsumers(list -> list.streamARN(
                stack.kinesis().describeStreamSummary(describe -> describe.streamName(stream))
                        .streamDescriptionSummary().streamARN())).consumers())
                .as("the consumer KCL registered for fan-out").isNotEmpty();
    }
}
