package io.kinesisopensearch.localstack.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.StreamProducer;
import io.kinesisopensearch.localstack.WorkerProcess;
import io.kinesisopensearch.localstack.testing.BackgroundProducer;
import io.kinesisopensearch.localstack.testing.Documents;
import io.kinesisopensearch.localstack.testing.Figures;
import io.kinesisopensearch.localstack.testing.Ledgers;
import io.kinesisopensearch.localstack.testing.Orders;
import io.kinesisopensearch.localstack.testing.Workers;
import io.kinesisopensearch.sink.batch.Ledger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SIGTERM, as ECS sends it, stops a worker mid-stream within 30 s with every shard flushed and
 * checkpointed: the worker started after it goes on from there and writes no order a second time.
 */
@ExtendWith(LocalStackExtension.class)
class GracefulShutdownIT {

    private static final int ORDERS = 4_000;

    @Test
    void aTerminatedWorkerLeavesNothingToRewrite(LocalStack stack) throws Exception {
        Figures figures = new Figures("sigterm");
        String stream = Workers.unique("sigterm");
        String index = stream;
        stack.createStream(stream, 2);
        stack.leaseTable(stream).prepareWithLeases(stream);
        Map<String, String> settings = Workers.settings(stack, stream, stream, index);
        Path logs = stack.workDir().resolve(stream);
        StreamProducer producer = new StreamProducer(stack.kinesis(), stream);
        CompletableFuture<Void> producing;
        long stopMillis;
        long indexedAtStop;
        Map<String, Long> firstStats;
        Map<String, Long> secondStats;

        try (WorkerProcess first = WorkerProcess.start(settings, logs.resolve("first"))) {
            await().atMost(Duration.ofMinutes(2)).until(() -> stack.leaseTable(stream).owners().size() == 2);
            producing = BackgroundProducer.start(producer, Orders.range(0, ORDERS), 100, 400);
            await().atMost(Duration.ofMinutes(2)).until(() -> stack.searchableDocuments(index) >= ORDERS / 4);

            first.terminate();
            long terminated = System.nanoTime();
            int status = first.awaitExit(Duration.ofSeconds(30));
            stopMillis = (System.nanoTime() - terminated) / 1_000_000;
            assertThat(status).as("exit status within 30 s of SIGTERM").isNotEqualTo(-1);
            firstStats = first.lastStats();
            indexedAtStop = stack.searchableDocuments(index);
            assertThat(indexedAtStop).as("stopped mid-stream").isLessThan(ORDERS);
            assertThat(stack.leaseTable(stream).checkpoints()).as("each shard checkpointed").hasSize(2)
                    .allSatisfy((shard, checkpoint) -> assertThat(checkpoint).isNotEqualTo("TRIM_HORIZON"));
            // Left owned, they would wait kcl.failover-time for the next worker.
            assertThat(stack.leaseTable(stream).owners()).as("leases given up on the way out").isEmpty();
        }
        producing.join();

        try (WorkerProcess second = WorkerProcess.start(settings, logs.resolve("second"))) {
            await().atMost(Duration.ofMinutes(3)).until(() -> stack.searchableDocuments(index) == ORDERS);
            second.terminate();
            assertThat(second.awaitExit(Duration.ofSeconds(30))).isNotEqualTo(-1);
            secondStats = second.lastStats();
        }

        List<Documents.Stored> documents = Documents.all(stack.openSearch(), index);
        assertThat(documents).hasSize(ORDERS);
        long writtenTwice = documents.stream().filter(document -> document.version() > 1).count();
        assertThat(writtenTwice).as("orders written more than once").isZero();
        assertThat(firstStats.get("checkpoints")).as("checkpoints written by the first worker").isPositive();
        // Each worker's final stats line: every record it read has one outcome, none dropped on the way out.
        Ledger.Account firstRecords = Ledgers.assertBalanced(firstStats);
        Ledger.Account secondRecords = Ledgers.assertBalanced(secondStats);
        assertThat(firstRecords.released() + secondRecords.released()).as("records dropped unwritten").isZero();
        assertThat(firstRecords.acknowledged() + secondRecords.acknowledged()).isEqualTo(ORDERS);
        assertThat(stack.leaseTable(stream).checkpoints()).isEqualTo(producer.lastSequenceNumbers());
        figures.put("produced", producer.produced())
                .put("indexedAtSigterm", indexedAtStop)
                .put("stopMillis", stopMillis)
                .put("indexed", documents.size())
                .put("writtenTwice", writtenTwice)
                .put("deadLetters", firstStats.get("deadLetters") + secondStats.get("deadLetters"))
                .put("retries", firstStats.get("retries") + secondStats.get("retries"))
                .put("firstLedger", '"' + firstRecords.toString() + '"')
                .put("secondLedger", '"' + secondRecords.toString() + '"')
                .print();
    }
}
