package io.kinesisopensearch.localstack.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kinesisopensearch.localstack.Indexes;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.StreamProducer;
import io.kinesisopensearch.localstack.WorkerProcess;
import io.kinesisopensearch.localstack.testing.Documents;
import io.kinesisopensearch.localstack.testing.Figures;
import io.kinesisopensearch.localstack.testing.Ledgers;
import io.kinesisopensearch.localstack.testing.Orders;
import io.kinesisopensearch.localstack.testing.Workers;
import io.kinesisopensearch.sink.deadletter.DeadLetter;
import io.kinesisopensearch.sink.deadletter.DeadLetterSink;
import io.kinesisopensearch.sink.deadletter.LocalDirectoryDeadLetterSink;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.opensearch.client.opensearch.OpenSearchClient;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * One fault of the soak: a stream of {@value #SHARDS} shards, the worker processes reading it, the
 * orders put into it, and the checks every fault ends with: the index holds exactly the distinct ids
 * produced (poison aside), the dead letters are exactly the poison, every shard is checkpointed to
 * its end. The figures it prints are those of the failure tests, at volume.
 */
final class SoakRun implements AutoCloseable {

    static final int SHARDS = 8;

    private final LocalStack stack;
    private final OpenSearchClient openSearch;
    private final String stream = Workers.unique("soak");
    private final Map<String, String> settings;
    private final StreamProducer producer;
    private final Path logs;
    private final Path deadLetters;
    private final Figures figures;
    private final Map<String, Object> extraFigures = new LinkedHashMap<>();
    private final List<WorkerProcess> workers = new ArrayList<>();
    private final Set<String> expected = new HashSet<>();
    private final Set<String> poison = new HashSet<>();

    /** A run against the stack's OpenSearch. */
    SoakRun(LocalStack stack, String fault) {
        this(stack, fault, stack.openSearch(), stack.openSearchEndpoint().toString());
    }

    /** A run against another OpenSearch node (one to stop, or one with a tiny write queue). */
    SoakRun(LocalStack stack, String fault, OpenSearchClient openSearch, String openSearchUrl) {
        this.stack = stack;
        this.openSearch = openSearch;
        this.figures = new Figures("soak-" + fault);
        stack.createStream(stream, SHARDS);
        stack.leaseTable(stream).prepareWithLeases(stream);
        settings = Workers.settings(stack, stream, stream, stream);
        settings.put("OPENSEARCH_URL", openSearchUrl);
        producer = new StreamProducer(stack.kinesis(), stream);
        logs = stack.workDir().resolve(stream);
        deadLetters = stack.workDir().resolve("dead-letters").resolve(stream);
    }

    /** Records per fault: {@code -Dsoak.records}, 100,000 unless told. */
    static int records() {
        return Integer.getInteger("soak.records", 100_000);
    }

    String stream() {
        return stream;
    }

    /** The index, named after the stream. */
    String index() {
        return stream;
    }

    /** The worker settings, to tune before the first worker starts. */
    Map<String, String> settings() {
        return settings;
    }

    StreamProducer producer() {
        return producer;
    }

    /** Orders {@code from} to {@code from + count - 1}, each expected in the index once. */
    List<StreamProducer.Entry> orders(int from, int count) {
        List<StreamProducer.Entry> orders = Orders.range(from, count);
        orders.forEach(order -> expected.add(order.partitionKey()));
        return orders;
    }

    /** Order {@code number} with {@code json} that must end up a dead letter, not a document. */
    StreamProducer.Entry poison(int number, String json) {
        poison.add(Orders.id(number));
        return Orders.entry(number, json);
    }

    /** An order whose id the index must hold. */
    StreamProducer.Entry order(int number) {
        expected.add(Orders.id(number));
        return Orders.entry(number, Orders.json(number));
    }

    WorkerProcess startWorker(String name) {
        WorkerProcess worker = WorkerProcess.start(settings, logs.resolve(name));
        workers.add(worker);
        return worker;
    }

    /**
     * Waits until every shard's lease is held and {@code count} workers hold them between them; before
     * any split (the shard count is not asked of kinesis-mock here, which a loaded machine makes time out).
     */
    void awaitLeasesHeldBy(int count) {
        await().atMost(patience()).pollInterval(Duration.ofMillis(500)).until(() -> {
            Map<String, String> owners = stack.leaseTable(stream).owners();
            return owners.size() >= SHARDS && new HashSet<>(owners.values()).size() == count;
        });
    }

    void awaitIndexed(long documents) {
        await().atMost(patience()).pollInterval(Duration.ofSeconds(1)).until(() -> indexed() >= documents);
    }

    long indexed() {
        return Indexes.searchableDocuments(openSearch, stream);
    }

    /** A figure of this fault, printed after the common ones. */
    SoakRun figure(String name, Object value) {
        extraFigures.put(name, value);
        return this;
    }

    /**
     * Waits for everything to be indexed and checkpointed, stops the workers still running with
     * SIGTERM, checks the index and the dead letters and prints the figures.
     */
    void finish() throws Exception {
        await().atMost(patience()).pollInterval(Duration.ofSeconds(2)).until(() -> indexed() >= expected.size());
        Map<String, String> last = producer.lastSequenceNumbers();
        // A shard closed by a split ends at SHARD_END rather than at its last record, and KCL deletes
        // that lease once the children are being read (its lease cleanup, every 5 minutes).
        await().atMost(patience()).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Map<String, String> checkpoints = stack.leaseTable(stream).checkpoints();
            return last.entrySet().stream().allMatch(shard -> shard.getValue().equals(checkpoints.get(shard.getKey()))
                    || "SHARD_END".equals(checkpoints.get(shard.getKey()))
                    || !checkpoints.containsKey(shard.getKey()) && closedShards().contains(shard.getKey()));
        });
        for (WorkerProcess worker : workers) {
            if (worker.isAlive()) {
                worker.terminate();
                assertThat(worker.awaitExit(Duration.ofSeconds(30))).as("exit within 30 s of SIGTERM").isNotEqualTo(-1);
            }
        }

        // Each worker that stopped gracefully: every record it read has one outcome (its final stats line).
        // A killed worker's last line is a periodic one, taken with records in flight.
        long gracefulStops = 0;
        for (WorkerProcess worker : workers) {
            if (Files.readString(worker.log()).contains(" stopped (graceful): ")) {
                Ledgers.assertBalanced(worker.lastStats());
                gracefulStops++;
            }
        }

        List<Documents.Stored> documents = Documents.all(openSearch, stream);
        assertThat(documents).extracting(Documents.Stored::id).as("the distinct ids produced")
                .hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expected);
        List<DeadLetter> letters = deadLetters();
        assertThat(letters).extracting(letter -> letter.coordinates().partitionKey()).as("dead letters")
                .containsExactlyInAnyOrderElementsOf(poison);

        figures.put("produced", producer.produced())
                .put("indexed", documents.size())
                .put("writtenTwice", documents.stream().filter(document -> document.version() > 1).count())
                .put("deadLetters", letters.size())
                .put("retries", sum("retries"))
                .put("shards", shards())
                .put("workerProcesses", workers.size())
                .put("ledgersBalanced", gracefulStops)
                .put("ledgerBreaks", sum("ledgerBreaks"));
        extraFigures.forEach(figures::put);
        figures.put("loadAverage", String.format("%.1f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage())).print();
    }

    /** A counter summed over every worker process of the run, as each last logged it (a killed one: its last report). */
    long sum(String counter) {
        return workers.stream().mapToLong(worker -> worker.lastStats().getOrDefault(counter, 0L)).sum();
    }

    private List<DeadLetter> deadLetters() throws IOException {
        try (DeadLetterSink sink = new LocalDirectoryDeadLetterSink(deadLetters)) {
            return sink.readAll().stream().flatMap(file -> file.letters().stream()).toList();
        }
    }

    /** The shards a split or merge closed: they have an ending sequence number. */
    Set<String> closedShards() {
        return stack.kinesis().listShards(list -> list.streamName(stream)).shards().stream()
                .filter(shard -> shard.sequenceNumberRange().endingSequenceNumber() != null)
                .map(Shard::shardId).collect(Collectors.toSet());
    }

    private int shards() {
        return stack.kinesis().listShards(list -> list.streamName(stream)).shards().size();
    }

    /** How long indexing may take: the machine is shared, so generously, and more for more records. */
    private static Duration patience() {
        return Duration.ofMinutes(5).plusSeconds(records() / 50);
    }

    @Override
    public void close() {
        workers.forEach(WorkerProcess::close);
        // kinesis-mock holds every record of every stream in memory and slows down with them: the
        // next fault starts without this one's.
        try {
            stack.kinesis().deleteStream(request -> request.streamName(stream).enforceConsumerDeletion(true));
        } catch (RuntimeException e) {
            System.err.println("Could not delete stream " + stream + ": " + e);
        }
    }
}
