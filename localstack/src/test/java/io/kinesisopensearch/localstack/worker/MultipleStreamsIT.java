package io.kinesisopensearch.localstack.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.consumer.ConsumerWorker;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.StreamProducer;
import io.kinesisopensearch.localstack.testing.Documents;
import io.kinesisopensearch.localstack.testing.Figures;
import io.kinesisopensearch.localstack.testing.Orders;
import io.kinesisopensearch.localstack.testing.Workers;
import io.kinesisopensearch.sink.bulk.WriteCounters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One worker reads two streams, each with its own mapping: JSON orders, whose id is their order
 * id, into the index of the plain settings, and CSV access-log lines, with typed columns, into an
 * index of their own. Every record of each stream becomes one document in its stream's index,
 * written once, and each stream's shards are checkpointed at their ends.
 */
@ExtendWith(LocalStackExtension.class)
class MultipleStreamsIT {

    private static final int ORDERS = 3_000;
    private static final int LINES = 2_000;

    @Test
    void oneWorkerIndexesTwoStreamsEachWithItsOwnMappingIntoItsOwnIndex(LocalStack stack) throws Exception {
        Figures figures = new Figures("MultipleStreamsIT");
        String orders = Workers.unique("orders");
        String accessLog = Workers.unique("access-log");
        String application = Workers.unique("two-streams");
        String ordersIndex = orders;
        String accessIndex = accessLog;
        stack.createStream(orders, 2);
        stack.createStream(accessLog, 2);

        StreamProducer orderProducer = new StreamProducer(stack.kinesis(), orders);
        StreamProducer lineProducer = new StreamProducer(stack.kinesis(), accessLog);
        orderProducer.put(Orders.range(0, ORDERS));
        lineProducer.put(accessLines());

        Map<String, String> settings = new HashMap<>(Workers.settings(stack, orders, application, ordersIndex));
        settings.remove("KINESIS_STREAM");
        settings.remove("MAPPING_ID_POINTER");
        settings.put("STREAMS", orders + "," + accessLog);
        // The orders stream keeps the plain OPENSEARCH_INDEX and adds its id; the access log overrides the rest.
        settings.put(own(orders, "mapping.id-pointer"), "/orderId");
        settings.put(own(accessLog, "opensearch.index"), accessIndex);
        settings.put(own(accessLog, "mapping.format"), "csv");
        settings.put(own(accessLog, "mapping.csv.columns"), "line,status,path,millis");
        settings.put(own(accessLog, "mapping.csv.types"), "line:number,status:number,millis:number");
        stack.leaseTable(application).prepare();

        long started = System.nanoTime();
        ConsumerWorker worker = Workers.start(settings);
        WriteCounters.Snapshot stats;
        try {
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    stack.searchableDocuments(ordersIndex) == ORDERS && stack.searchableDocuments(accessIndex) == LINES);
            figures.put("allSearchableMillis", (System.nanoTime() - started) / 1_000_000);
            await().atMost(Duration.ofMinutes(1)).until(() ->
                    stack.leaseTable(application).checkpoints(orders).equals(orderProducer.lastSequenceNumbers())
                    && stack.leaseTable(application).checkpoints(accessLog).equals(lineProducer.lastSequenceNumbers()));
            stats = worker.stats().snapshot();
        } finally {
            assertThat(worker.shutdown(Duration.ofSeconds(30))).as("graceful shutdown").isTrue();
        }

        List<Documents.Stored> orderDocuments = Documents.all(stack.openSearch(), ordersIndex);
        assertThat(orderDocuments).extracting(Documents.Stored::id)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, ORDERS).mapToObj(Orders::id).toList());
        assertThat(orderDocuments).allSatisfy(document -> assertThat(document.version()).as("writes").isEqualTo(1));

        List<Documents.Stored> lineDocuments = Documents.all(stack.openSearch(), accessIndex);
        assertThat(lineDocuments).extracting(document -> document.source().get("line").asInt())
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, LINES).boxed().toList());
        assertThat(lineDocuments).allSatisfy(document -> {
            assertThat(document.version()).as("writes").isEqualTo(1);
            // Ids from coordinates name the record's own stream.
            assertThat(document.id()).startsWith(accessLog + ":");
            assertThat(document.source().get("status").isNumber()).isTrue();
            assertThat(document.source().has("orderId")).isFalse();
        });
        assertThat(stats.recordsReceived()).isEqualTo(ORDERS + LINES);
        assertThat(stats.deadLetters()).isZero();
        assertThat(stats.shardsStarted()).as("shards of both streams").isEqualTo(4);

        figures.put("ordersProduced", orderProducer.produced())
                .put("ordersIndexed", orderDocuments.size())
                .put("linesProduced", lineProducer.produced())
                .put("linesIndexed", lineDocuments.size())
                .put("writtenOnce", orderDocuments.size() + lineDocuments.size())
                .put("deadLetters", stats.deadLetters())
                .put("retries", stats.retries())
                .put("checkpointsAtEnd", true)
                .print();
    }

    /** {@code key} as the stream's own setting, in its environment spelling. */
    private static String own(String stream, String key) {
        return Settings.environmentName("streams." + stream + "." + key);
    }

    private static List<StreamProducer.Entry> accessLines() {
        List<StreamProducer.Entry> lines = new ArrayList<>(LINES);
        for (int line = 0; line < LINES; line++) {
            String csv = line + "," + (line % 10 == 0 ? 404 : 200) + ",/orders/" + Orders.id(line) + "," + (line % 97);
            lines.add(new StreamProducer.Entry("line-" + line, csv.getBytes(StandardCharsets.UTF_8)));
        }
        return lines;
    }
}
