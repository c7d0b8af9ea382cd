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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two worker processes share a stream; one is killed with SIGKILL mid-stream, without a chance to
 * flush or checkpoint. The other takes over its leases and re-reads from the last checkpoints: some
 * records are written twice, but each order is exactly one document.
 */
@ExtendWith(LocalStackExtension.class)
class WorkerKilledIT {

    private static final int ORDERS = 6_000;

    @Test
    void theSurvivorTakesOverAndEachOrderIsOneDocument(LocalStack stack) throws Exception {
        Figures figures = new Figures("worker-killed");
        String stream = Workers.unique("killed");
        String index = stream;
        stack.createStream(stream, 4);
        stack.leaseTable(stream).prepareWithLeases(stream);
        Map<String, String> settings = Workers.settings(stack, stream, stream, index);
        Path logs = stack.workDir().resolve(stream);
        StreamProducer producer = new StreamProducer(stack.kinesis(), stream);

        try (WorkerProcess victim = WorkerProcess.start(settings, logs.resolve("victim"));
                WorkerProcess survivor = WorkerProcess.start(settings, logs.resolve("survivor"))) {
            await().atMost(Duration.ofMinutes(2)).until(() ->
                    new HashSet<>(stack.leaseTable(stream).owners().values()).size() == 2);
            CompletableFuture<Void> producing = BackgroundProducer.start(producer, Orders.range(0, ORDERS), 250, 300);
            await().atMost(Duration.ofMinutes(2)).until(() -> stack.searchableDocuments(index) >= ORDERS / 4);

            victim.kill();
            long killed = System.nanoTime();
            long indexedAtKill = stack.searchableDocuments(index);
            await().atMost(Duration.ofMinutes(3)).until(() -> stack.leaseTable(stream).owners().size() == 4
                    && new HashSet<>(stack.leaseTable(stream).owners().values()).size() == 1);
            long takeoverMillis = (System.nanoTime() - killed) / 1_000_000;
            producing.join();
            await().atMost(Duration.ofMinutes(3)).until(() -> stack.searchableDocuments(index) == ORDERS);

            survivor.terminate();
            assertThat(survivor.awaitExit(Duration.ofSeconds(30))).as("survivor exit status").isNotEqualTo(-1);
            Map<String, Long> victimStats = victim.lastStats();
            Map<String, Long> survivorStats = survivor.lastStats();
            // The survivor's final stats line: every record it read has one outcome (the victim's died with it).
            Ledger.Account survivorRecords = Ledgers.assertBalanced(survivorStats);
            assertThat(survivorRecords.received()).as("the survivor read its own shards and the victim's")
                    .isGreaterThan(ORDERS / 2);
            assertThat(survivorRecords.deadLettered()).isZero();
            List<Documents.Stored> documents = Documents.all(stack.openSearch(), index);
            assertThat(documents).hasSize(ORDERS);
            assertThat(documents).extracting(Documents.Stored::id)
                    .containsExactlyInAnyOrderElementsOf(Orders.range(0, ORDERS).stream()
                            .map(StreamProducer.Entry::partitionKey).toList());
            figures.put("produced", producer.produced())
                    .put("indexedAtKill", indexedAtKill)
                    .put("indexed", documents.size())
                    .put("writtenTwiceAfterTakeover", documents.stream().filter(document -> document.version() > 1).count())
                    .put("takeoverMillis", takeoverMillis)
                    .put("deadLetters", victimStats.getOrDefault("deadLetters", 0L) + survivorStats.get("deadLetters"))
                    .put("retries", victimStats.getOrDefault("retries", 0L) + survivorStats.get("retries"))
                    .put("survivorLedger", '"' + survivorRecords.toString() + '"')
                    .print();
        }
    }
}
