package io.kinesisopensearch.localstack.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kinesisopensearch.consumer.metrics.KclTableCalls;
import io.kinesisopensearch.localstack.LeaseTable;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.StreamProducer;
import io.kinesisopensearch.localstack.WorkerProcess;
import io.kinesisopensearch.localstack.testing.Figures;
import io.kinesisopensearch.localstack.testing.Orders;
import io.kinesisopensearch.localstack.testing.Scrape;
import io.kinesisopensearch.localstack.testing.WorkerTimeline;
import io.kinesisopensearch.localstack.testing.Workers;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a user gets from the worker's shipped KCL settings (no test tuning but polling: see below),
 * on a stream whose lease table exists, as on ECS during a deploy and after a crash:
 * a worker reads within 10 s of starting; a worker stopped with SIGTERM hands its shards over and
 * the other reads them on within 5 s; a worker killed with SIGKILL has its shards read again within
 * 15 s, or, when it was the leader that assigns leases, within the bound KCL's leader lock sets. The
 * lease-table calls each worker makes per minute are counted and printed.
 *
 * <p>Polling, not the shipped enhanced fan-out: on this shared machine kinesis-mock's HTTP/2
 * subscriptions timed out and were made again, costing tens of seconds that say nothing about KCL's
 * lease handling ({@link EnhancedFanOutIT} covers fan-out).
 */
@ExtendWith(LocalStackExtension.class)
class LeaseHandoffIT {

    private static final int SHARDS = 4;
    private static final Duration SHIPPED_FAILOVER = Duration.ofSeconds(6);
    private static final Duration SHIPPED_ASSIGNMENT = Duration.ofSeconds(1);
    private static final Duration SHIPPED_LEADER_LOCK = Duration.ofSeconds(10);
    /** Fetch, a bulk request and a checkpoint after a processor starts (bulk.max-wait is 1 s), on a busy machine. */
    /** The processor's line on a shard's first records (OpenSearchRecordProcessor): what the start-up targets measure. */
    private static final String FIRST_READ = "first \\d+ records read";
    private static final Duration READ_AND_CHECKPOINT = Duration.ofSeconds(3);

    @Test
    void workersStartAndHandShardsOverWithinSeconds(LocalStack stack) throws Exception {
        Figures figures = new Figures("lease-handoff");
        String stream = Workers.unique("handoff");
        stack.createStream(stream, SHARDS);
        LeaseTable leases = stack.leaseTable(stream);
        leases.prepareWithLeases(stream);
        Map<String, String> settings = Workers.shippedSettings(stack, stream, stream, stream);
        settings.put("KINESIS_RETRIEVAL", "POLLING");
        Path logs = stack.workDir().resolve(stream);
        StreamProducer producer = new StreamProducer(stack.kinesis(), stream);
        producer.put(Orders.range(0, 200));
        SoftAssertions soft = new SoftAssertions();
        List<WorkerProcess> workers = new ArrayList<>();
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread orders = new Thread(() -> produce(producer, producing), "orders");
        try {
            // A deploy's first task: the lease table is there, the shards are free.
            Instant started = Instant.now();
            WorkerProcess first = start(settings, logs.resolve("first"), workers);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                    .until(() -> stack.searchableDocuments(stream) > 0);
            long firstDocumentMillis = millis(started, Instant.now());
            WorkerTimeline firstLog = new WorkerTimeline(first.log());
            figures.put("firstDocumentMillis", firstDocumentMillis)
                    .put("jvmAndSetupMillis", since(started, firstLog.first("reading stream")))
                    .put("kclInitializedMillis", since(started, firstLog.first("Initialization complete")))
                    .put("leaderMillis", since(started, firstLog.first("is a leader, performing assignment")))
                    .put("leasesDiscoveredMillis", since(started, firstLog.firstMatch("New leases assigned to worker .* count : [1-9]")))
                    .put("firstShardStartedMillis", since(started, firstLog.first("starting after")))
                    .put("firstRecordReadMillis", since(started, firstLog.firstMatch(FIRST_READ)));
            soft.assertThat(firstLog.firstMatch(FIRST_READ)).as("the worker read records").isPresent();
            firstLog.firstMatch(FIRST_READ).ifPresent(read -> soft.assertThat(millis(started, read))
                    .as("first record read after the worker started, ms").isLessThan(10_000));
            orders.start();

            // Rolling deploy: a new task starts, then the old one gets SIGTERM.
            WorkerProcess second = start(settings, logs.resolve("second"), workers);
            awaitSplit(leases, 2);
            String firstId = new WorkerTimeline(first.log()).workerId().orElseThrow();
            Set<String> handedOver = shardsOf(leases, firstId);
            Instant sigterm = Instant.now();
            first.terminate();
            assertThat(first.awaitExit(Duration.ofSeconds(30))).as("exit status within 30 s of SIGTERM").isNotEqualTo(-1);
            Instant released = Instant.now();
            Map<String, String> leftAt = leases.checkpoints();
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                    .until(() -> movedOn(leases.checkpoints(), leftAt, handedOver));
            long sigtermReadOnMillis = millis(released, Instant.now());
            WorkerTimeline successor = new WorkerTimeline(second.log());
            long sigtermShardsStartedMillis = lastShardEvent(successor, handedOver, "of stream .* starting after", released);
            long sigtermFirstReadMillis = lastShardEvent(successor, handedOver, FIRST_READ, released);
            figures.put("sigtermStopMillis", millis(sigterm, released))
                    .put("sigtermShards", handedOver.size())
                    .put("sigtermShardsStartedMillis", sigtermShardsStartedMillis)
                    .put("sigtermFirstReadMillis", sigtermFirstReadMillis)
                    .put("sigtermReadOnMillis", sigtermReadOnMillis);
            soft.assertThat(sigtermFirstReadMillis).as("released shards read by the other worker, ms").isLessThan(5_000);
            soft.assertThat(sigtermReadOnMillis).as("released shards read on and checkpointed, ms")
                    .isLessThan(5_000 + READ_AND_CHECKPOINT.toMillis());

            // Scale-out, then a crash of the worker that is not the leader.
            WorkerProcess third = start(settings, logs.resolve("third"), workers);
            awaitSplit(leases, 2);
            String leader = leases.leader().orElseThrow();
            Map<String, Map<String, Double>> perMinute = callRates(List.of(second, third), leader, Duration.ofSeconds(30));
            perMinute.forEach((role, rates) -> rates.forEach((name, rate) -> figures.put(role + "." + name, rate)));
            assertThat(leases.leader()).as("the leader over the measurement").contains(leader);
            WorkerProcess victim = idOf(second).equals(leader) ? third : second;
            WorkerProcess survivor = victim == second ? third : second;
            long killToReadOnMillis = killAndAwaitReadOn(leases, victim, survivor);
            figures.put("sigkillShardsReadOnMillis", killToReadOnMillis);
            soft.assertThat(killToReadOnMillis).as("a killed worker's shards read again, ms").isLessThan(15_000);

            // A crash of the leader: a new leader is elected when its lock runs out, and judges
            // the leases expired only after watching them for a whole failover time.
            WorkerProcess fourth = start(settings, logs.resolve("fourth"), workers);
            awaitSplit(leases, 2);
            String secondLeader = leases.leader().orElseThrow();
            WorkerProcess leaderProcess = idOf(survivor).equals(secondLeader) ? survivor : fourth;
            WorkerProcess other = leaderProcess == survivor ? fourth : survivor;
            long leaderKillToReadOnMillis = killAndAwaitReadOn(leases, leaderProcess, other);
            Duration bound = SHIPPED_LEADER_LOCK.plus(SHIPPED_FAILOVER).plus(SHIPPED_ASSIGNMENT.multipliedBy(2))
                    .plus(READ_AND_CHECKPOINT);
            figures.put("sigkillLeaderShardsReadOnMillis", leaderKillToReadOnMillis)
                    .put("leaderBoundMillis", bound.toMillis());
            soft.assertThat(leaderKillToReadOnMillis).as("a killed leader's shards read again, ms").isLessThan(bound.toMillis());

            producing.set(false);
            orders.join();
            other.terminate();
            assertThat(other.awaitExit(Duration.ofSeconds(30))).isNotEqualTo(-1);
        } finally {
            producing.set(false);
            workers.forEach(WorkerProcess::close);
            figures.put("produced", producer.produced()).print();
        }
        soft.assertAll();
    }

    private static WorkerProcess start(Map<String, String> settings, Path directory, List<WorkerProcess> workers) {
        WorkerProcess worker = WorkerProcess.start(settings, directory, WorkerTimeline.jvmOptions());
        workers.add(worker);
        return worker;
    }

    /** Orders keep arriving, 20 every 200 ms, until told to stop. */
    private static void produce(StreamProducer producer, AtomicBoolean producing) {
        int next = 200;
        while (producing.get()) {
            producer.put(Orders.range(next, 20));
            next += 20;
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Waits until every shard has an owner and there are {@code workers} owners. */
    private static void awaitSplit(LeaseTable leases, int workers) {
        await().atMost(Duration.ofMinutes(2)).until(() -> {
            Map<String, String> owners = leases.owners();
            return owners.size() == SHARDS && new HashSet<>(owners.values()).size() == workers;
        });
    }

    /** Kills {@code victim} and returns how long until {@code survivor} read on (and checkpointed) every shard it had. */
    private static long killAndAwaitReadOn(LeaseTable leases, WorkerProcess victim, WorkerProcess survivor) {
        Set<String> shards = shardsOf(leases, idOf(victim));
        Map<String, String> leftAt = leases.checkpoints();
        victim.kill();
        Instant killed = Instant.now();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> movedOn(leases.checkpoints(), leftAt, shards) && owned(leases, shards, idOf(survivor)));
        return millis(killed, Instant.now());
    }

    private static boolean owned(LeaseTable leases, Set<String> shards, String owner) {
        Map<String, String> owners = leases.owners();
        return shards.stream().allMatch(shard -> owner.equals(owners.get(shard)));
    }

    private static Set<String> shardsOf(LeaseTable leases, String owner) {
        return leases.owners().entrySet().stream().filter(entry -> entry.getValue().equals(owner))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    /** Whether each of {@code shards} has a checkpoint beyond the one it had in {@code before}. */
    private static boolean movedOn(Map<String, String> now, Map<String, String> before, Set<String> shards) {
        return shards.stream().allMatch(shard -> sequence(now.get(shard)).compareTo(sequence(before.get(shard))) > 0);
    }

    private static BigInteger sequence(String checkpoint) {
        return checkpoint != null && checkpoint.chars().allMatch(Character::isDigit)
                ? new BigInteger(checkpoint) : BigInteger.ZERO;
    }

    /**
     * When (ms after {@code from}) the worker that logged {@code timeline} last logged {@code event}
     * (a pattern following {@code Shard <id>}) for the first of {@code shards} after {@code from}.
     */
    private static long lastShardEvent(WorkerTimeline timeline, Set<String> shards, String event, Instant from) {
        return shards.stream()
                .map(shard -> timeline.firstMatchAfter("Shard " + shard + ":? " + event, from).orElseThrow())
                .mapToLong(at -> millis(from, at)).max().orElseThrow();
    }

    /**
     * Each worker's DynamoDB calls per minute on the lease table and the worker-metrics table, read
     * from its {@code /metrics} over {@code window}, by worker role (leader or not).
     */
    private static Map<String, Map<String, Double>> callRates(List<WorkerProcess> workers, String leader,
            Duration window) throws InterruptedException {
        Map<WorkerProcess, Scrape> before = new LinkedHashMap<>();
        for (WorkerProcess worker : workers) {
            before.put(worker, Scrape.metrics(new WorkerTimeline(worker.log()).metricsPort().orElseThrow()));
        }
        Thread.sleep(window.toMillis());
        Map<String, Map<String, Double>> rates = new LinkedHashMap<>();
        for (WorkerProcess worker : workers) {
            Scrape after = Scrape.metrics(new WorkerTimeline(worker.log()).metricsPort().orElseThrow());
            String role = idOf(worker).equals(leader) ? "leader" : "follower";
            Map<String, Double> workerRates = new LinkedHashMap<>();
            for (String table : List.of("lease", "worker-metrics")) {
                for (String kind : List.of("read", "write")) {
                    Map<String, String> labels = Map.of("table", table, "kind", kind);
                    double calls = after.sum(CALLS, labels) - before.get(worker).sum(CALLS, labels);
                    workerRates.put(table + "." + kind + "sPerMinute",
                            Math.round(calls * 60_000.0 / window.toMillis() * 10) / 10.0);
                }
            }
            rates.put(role, workerRates);
        }
        return rates;
    }

    private static final String CALLS = KclTableCalls.CALLS.replace('.', '_') + "_total";

    private static String idOf(WorkerProcess worker) {
        return new WorkerTimeline(worker.log()).workerId().orElseThrow();
    }

    private static long millis(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }

    private static Object since(Instant from, Optional<Instant> at) {
        return at.<Object>map(instant -> millis(from, instant)).orElse("none");
    }
}
