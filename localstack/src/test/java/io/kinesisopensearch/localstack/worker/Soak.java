package io.kinesisopensearch.localstack.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.OpenSearchNode;
import io.kinesisopensearch.localstack.StreamProducer;
import io.kinesisopensearch.localstack.WorkerProcess;
import io.kinesisopensearch.localstack.testing.BackgroundProducer;
import io.kinesisopensearch.localstack.testing.Orders;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * The soak: each fault of the failure tests at volume ({@code -Dsoak.records}, 100,000 per fault
 * unless told), on {@value SoakRun#SHARDS} shards read by worker processes. Not part of
 * {@code verify}; run it with {@code ./mvnw -Psoak -pl localstack -am verify}.
 *
 * <p>kinesis-mock's puts slow down as a shard fills, so the orders are put before the fault where
 * the fault needs no traffic of its own; half are put before and half during a fault that must find
 * the workers with work to do, and all while the workers read for the kill, which must catch a
 * worker with records not yet checkpointed.
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Soak {

    private static final int RECORDS = SoakRun.records();
    private static final int HALF = RECORDS / 2;

    @Test
    @Order(1)
    void killMinus9OfAWorker(LocalStack stack) throws Exception {
        try (SoakRun run = new SoakRun(stack, "kill-9")) {
            WorkerProcess victim = run.startWorker("victim");
            run.startWorker("survivor-1");
            run.startWorker("survivor-2");
            run.awaitLeasesHeldBy(3);
            // Live traffic: put beforehand, the victim would have checkpointed it all before the kill.
            CompletableFuture<Void> producing = BackgroundProducer.start(run.producer(), run.orders(0, RECORDS), 500, 250);
            run.awaitIndexed(RECORDS / 4);

            victim.kill();
            long killed = System.nanoTime();
            long indexedAtKill = run.indexed();
            run.awaitLeasesHeldBy(2);
            long takeoverMillis = (System.nanoTime() - killed) / 1_000_000;
            producing.join();

            run.figure("indexedAtKill", indexedAtKill).figure("takeoverMillis", takeoverMillis).finish();
        }
    }

    @Test
    @Order(2)
    void aMinuteWithoutOpenSearch(LocalStack stack) throws Exception {
        Duration outage = Duration.ofSeconds(60);
        try (OpenSearchNode node = stack.startOpenSearchNode(Map.of());
                SoakRun run = new SoakRun(stack, "opensearch-outage", node.client(), node.endpoint().toString())) {
            run.settings().put("BULK_RETRY_MAX_DELAY", "5s");
            run.producer().put(run.orders(0, HALF));
            run.startWorker("worker-1");
            run.startWorker("worker-2");
            run.awaitLeasesHeldBy(2);
            run.awaitIndexed(RECORDS / 4);

            long indexedAtOutage = run.indexed();
            node.stop();
            long stopped = System.nanoTime();
            // Orders keep coming while OpenSearch is away: Kinesis takes them, the workers hold theirs.
            run.producer().put(run.orders(HALF, RECORDS - HALF));
            long left = outage.toNanos() - (System.nanoTime() - stopped);
            if (left > 0) {
                Thread.sleep(left / 1_000_000);
            }
            long retriesDuringOutage = run.sum("retries");
            node.start();
            long outageSeconds = (System.nanoTime() - stopped) / 1_000_000_000;

            run.figure("indexedAtOutage", indexedAtOutage).figure("outageSeconds", outageSeconds).finish();
            assertThat(retriesDuringOutage + run.sum("retries")).as("retries while OpenSearch was down").isPositive();
        }
    }

    @Test
    @Order(3)
    void aStormOf429s(LocalStack stack) throws Exception {
        // One write thread and a queue of one: bulk items are rejected with 429.
        try (OpenSearchNode node = stack.startOpenSearchNode(Map.of(
                        "thread_pool.write.size", "1", "thread_pool.write.queue_size", "1"));
                SoakRun run = new SoakRun(stack, "429-storm", node.client(), node.endpoint().toString())) {
            node.client().indices().create(create -> create.index(run.index())
                    .settings(settings -> settings.numberOfShards(3).numberOfReplicas(0)));
            run.settings().put("BULK_MAX_ACTIONS", "250");
            run.settings().put("BULK_MAX_CONCURRENCY", "8");
            run.settings().put("BULK_RETRY_INITIAL_DELAY", "50ms");
            run.producer().put(run.orders(0, RECORDS));
            run.startWorker("worker-1");
            run.startWorker("worker-2");

            run.finish();
            assertThat(run.sum("throttled")).as("bulk requests answered with 429").isPositive();
        }
    }

    @Test
    @Order(4)
    void onePercentPoison(LocalStack stack) throws Exception {
        try (SoakRun run = new SoakRun(stack, "poison")) {
            Orders.createStrictIndex(stack.openSearch(), run.index());
            // One in a hundred: half not JSON at all, half with a field the strict mapping refuses.
            List<StreamProducer.Entry> entries = new ArrayList<>(RECORDS);
            for (int number = 0; number < RECORDS; number++) {
                String json = Orders.json(number);
                if (number % 200 == 0) {
                    entries.add(run.poison(number, json.substring(0, json.length() / 2)));
                } else if (number % 200 == 100) {
                    entries.add(run.poison(number, json.replace("}", ",\"coupon\":\"SAVE10\"}")));
                } else {
                    entries.add(run.order(number));
                }
            }
            run.producer().put(entries);
            run.startWorker("worker-1");
            run.startWorker("worker-2");

            run.finish();
        }
    }

    @Test
    @Order(5)
    void aShardSplit(LocalStack stack) throws Exception {
        try (SoakRun run = new SoakRun(stack, "shard-split")) {
            run.producer().put(run.orders(0, HALF));
            run.startWorker("worker-1");
            run.startWorker("worker-2");
            run.awaitLeasesHeldBy(2);
            run.awaitIndexed(RECORDS / 4);

            Shard parent = stack.kinesis().listShards(list -> list.streamName(run.stream())).shards().get(0);
            BigInteger low = new BigInteger(parent.hashKeyRange().startingHashKey());
            BigInteger high = new BigInteger(parent.hashKeyRange().endingHashKey());
            stack.kinesis().splitShard(split -> split.streamName(run.stream()).shardToSplit(parent.shardId())
                    .newStartingHashKey(low.add(high).shiftRight(1).toString()));
            await().atMost(Duration.ofSeconds(60)).until(() -> stack.kinesis()
                    .listShards(list -> list.streamName(run.stream())).shards().size() == SoakRun.SHARDS + 2);
            run.producer().put(run.orders(HALF, RECORDS - HALF));

            run.finish();
            Map<String, String> checkpoints = stack.leaseTable(run.stream()).checkpoints();
            // KCL reads the children only after the parent's SHARD_END; it may have deleted that lease since.
            assertThat(checkpoints.getOrDefault(parent.shardId(), "SHARD_END")).as("the split shard read to its end")
                    .isEqualTo("SHARD_END");
            assertThat(run.closedShards()).as("closed by the split").containsExactly(parent.shardId());
            assertThat(checkpoints).as("the two children, read").hasSize(SoakRun.SHARDS + 1 + (checkpoints
                    .containsKey(parent.shardId()) ? 1 : 0)).allSatisfy((shard, checkpoint) ->
                            assertThat(checkpoint).as(shard).isNotIn("TRIM_HORIZON", "LATEST"));
        }
    }

    @Test
    @Order(6)
    void aRollingRestartOfEveryWorker(LocalStack stack) throws Exception {
        try (SoakRun run = new SoakRun(stack, "rolling-restart")) {
            run.producer().put(run.orders(0, HALF));
            List<WorkerProcess> running = new ArrayList<>(List.of(run.startWorker("worker-1"), run.startWorker("worker-2")));
            run.awaitLeasesHeldBy(2);
            run.awaitIndexed(RECORDS / 4);

            // The other half arrives while the workers are replaced one by one, as a deployment does.
            List<StreamProducer.Entry> rest = run.orders(HALF, RECORDS - HALF);
            CompletableFuture<Void> producing = BackgroundProducer.start(run.producer(), rest,
                    Math.max(100, rest.size() / 40), 1_000);
            long restarting = System.nanoTime();
            long longestStopMillis = 0;
            for (int i = 0; i < running.size(); i++) {
                WorkerProcess old = running.get(i);
                old.terminate();
                long terminated = System.nanoTime();
                assertThat(old.awaitExit(Duration.ofSeconds(30))).as("exit within 30 s of SIGTERM").isNotEqualTo(-1);
                longestStopMillis = Math.max(longestStopMillis, (System.nanoTime() - terminated) / 1_000_000);
                run.awaitLeasesHeldBy(running.size() - 1);
                running.set(i, run.startWorker("worker-" + (i + 1) + "-replacement"));
                run.awaitLeasesHeldBy(running.size());
            }
            long restartMillis = (System.nanoTime() - restarting) / 1_000_000;
            producing.join();

            run.figure("restartMillis", restartMillis).figure("longestStopMillis", longestStopMillis).finish();
        }
    }
}
