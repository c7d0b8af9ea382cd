package io.kinesisopensearch.sink.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.mapping.RecordMapper;
import io.kinesisopensearch.record.RecordCoordinates;
import io.kinesisopensearch.record.SourceRecord;
import io.kinesisopensearch.retry.RetryPolicy;
import io.kinesisopensearch.sink.bulk.BulkConfig;
import io.kinesisopensearch.sink.bulk.BulkWriter;
import io.kinesisopensearch.sink.bulk.ConcurrencyLimiter;
import io.kinesisopensearch.sink.bulk.Deadline;
import io.kinesisopensearch.sink.bulk.OutOfTimeException;
import io.kinesisopensearch.sink.bulk.WriteCounters;
import io.kinesisopensearch.sink.bulk.WriteWaits;
import io.kinesisopensearch.sink.client.OpenSearchClients;
import io.kinesisopensearch.sink.client.OpenSearchConfig;
import io.kinesisopensearch.sink.deadletter.DeadLetter;
import io.kinesisopensearch.sink.testing.TestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * The flush the shard processors and the Lambda handlers share, with an OpenSearch nobody listens
 * for: a batch of poison needs no OpenSearch, a batch of documents waits for it, until its deadline.
 */
class BatchFlusherTest {

    private static final BulkConfig BULK = new BulkConfig(1_000, 1_048_576, Duration.ofSeconds(1), 10_485_760, 2,
            new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(100)));

    private final RecordMapper mapper = RecordMapper.from(Settings.of(Map.of("opensearch.index", "orders")));
    private final OpenSearchClient openSearch = OpenSearchClients.create(OpenSearchConfig.from(Settings.of(Map.of(
            "opensearch.url", "http://127.0.0.1:" + TestSupport.deadPort()))));
    private final ConcurrencyLimiter limiter = new ConcurrencyLimiter(2);
    private final WriteCounters stats = new WriteCounters(limiter);
    private final BulkWriter writer = new BulkWriter(openSearch, BULK, limiter, stats);

    @AfterEach
    void close() throws Exception {
        openSearch._transport().close();
    }

    @Test
    void poisonIsStoredAsDeadLettersWithoutOpenSearch() throws Exception {
        List<DeadLetter> stored = new ArrayList<>();
        BatchFlusher flusher = new BatchFlusher(writer, TestSupport.memorySink(stored, 0), BULK.retry(), stats);

        List<DeadLetter> letters = flusher.flush(batch("{not json", "[1, 2"), Deadline.in(Duration.ofSeconds(5)));

        assertThat(letters).hasSize(2).isEqualTo(stored);
        assertThat(letters).extracting(letter -> letter.coordinates().sequenceNumber()).containsExactly("1", "2");
        assertThat(stats.snapshot().deadLetters()).isEqualTo(2);
    }

    @Test
    void aDeadLetterDestinationThatFailsIsRetriedUntilItWorks() throws Exception {
        List<DeadLetter> stored = new ArrayList<>();
        BatchFlusher flusher = new BatchFlusher(writer, TestSupport.memorySink(stored, 3), BULK.retry(), stats);

        assertThat(flusher.flush(batch("{not json"))).hasSize(1);
        assertThat(stored).hasSize(1);
    }

    @Test
    void aDeadLetterDestinationThatStaysDownEndsTheFlushAtItsDeadline() {
        BatchFlusher flusher = new BatchFlusher(writer, TestSupport.memorySink(new ArrayList<>(), Integer.MAX_VALUE), BULK.retry(), stats);

        Ledger ledger = new Ledger("orders", "shardId-0");
        long started = System.nanoTime();
        assertThatThrownBy(() -> flusher.flush(batch(ledger, "{not json"), Deadline.in(Duration.ofMillis(500))))
                .isInstanceOf(OutOfTimeException.class).hasMessageContaining("dead letters");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(stats.snapshot().deadLetters()).isZero();
        assertThat(ledger.waiting()).map(Ledger.Waiting::reason).contains(WriteWaits.Wait.DEAD_LETTERS);
        assertThat(ledger.account(1).deadLettered()).as("not dead-lettered until stored").isZero();
    }

    @Test
    void documentsWaitForOpenSearchUntilTheDeadlineAndAreNotDeadLettered() {
        List<DeadLetter> stored = new ArrayList<>();
        BatchFlusher flusher = new BatchFlusher(writer, TestSupport.memorySink(stored, 0), BULK.retry(), stats);

        long started = System.nanoTime();
        assertThatThrownBy(() -> flusher.flush(batch("{\"a\":1}", "{not json"), Deadline.in(Duration.ofSeconds(3))))
                .isInstanceOf(OutOfTimeException.class).hasMessageContaining("not written");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(6));
        assertThat(stored).as("nothing of an unwritten batch is done, its poison included").isEmpty();
        assertThat(stats.snapshot().retries()).isPositive();
    }

    @Test
    void flushedRecordsAreSettledInTheLedgerAndABreakIsReportedOnceUntilItChanges() throws Exception {
        BatchFlusher flusher = new BatchFlusher(writer, TestSupport.memorySink(new ArrayList<>(), 0), BULK.retry(), stats);
        Ledger ledger = new Ledger("orders", "shardId-0");

        flusher.flush(batch(ledger, "{not json", "[1, 2"));
        assertThat(flusher.check(ledger, 0).balanced()).isTrue();
        RecordBatch dropped = batch(ledger, "{\"a\":1}");
        assertThat(flusher.check(ledger, dropped.recordCount())).as("one record pending").satisfies(account ->
                assertThat(account.balanced()).isTrue());
        assertThat(flusher.release(dropped)).isEqualTo(1);
        assertThat(flusher.check(ledger, 0)).isEqualTo(new Ledger.Account(3, 0, 0, 0, 2, 1, 0));
        assertThat(stats.snapshot().ledgerBreaks()).isZero();
        assertThat(stats.snapshot()).satisfies(snapshot -> {
            assertThat(snapshot.deadLetters()).isEqualTo(2);
            assertThat(snapshot.recordsReleased()).isEqualTo(1);
        });

        batch(ledger, "{\"b\":1}"); // mapped, then lost: neither flushed nor released
        assertThat(flusher.check(ledger, 0).unaccounted()).isEqualTo(1);
        assertThat(flusher.check(ledger, 0).unaccounted()).isEqualTo(1);
        assertThat(stats.snapshot().ledgerBreaks()).as("a lasting break is counted once").isEqualTo(1);
        batch(ledger, "{\"c\":1}");
        flusher.check(ledger, 0);
        assertThat(stats.snapshot().ledgerBreaks()).as("and again when it grows").isEqualTo(2);
    }

    @Test
    void aFlushWaitingForOpenSearchSaysSoInItsLedger() throws Exception {
        BatchFlusher flusher = new BatchFlusher(writer, TestSupport.memorySink(new ArrayList<>(), 0), BULK.retry(), stats);
        Ledger ledger = new Ledger("orders", "shardId-0");

        assertThatThrownBy(() -> flusher.flush(batch(ledger, "{\"a\":1}"), Deadline.in(Duration.ofMillis(500))))
                .isInstanceOf(OutOfTimeException.class);

        assertThat(ledger.waiting()).hasValueSatisfying(waiting -> {
            assertThat(waiting.reason()).isEqualTo(WriteWaits.Wait.OPENSEARCH_RETRY);
            assertThat(waiting.cause()).contains("Connection refused");
        });
        assertThat(flusher.check(ledger, 1).balanced()).as("the unwritten record is still pending").isTrue();
    }

    private RecordBatch batch(String... payloads) {
        return batch(new Ledger("orders", "shardId-0"), payloads);
    }

    private RecordBatch batch(Ledger ledger, String... payloads) {
        RecordBatch batch = new RecordBatch(BULK, ledger);
        for (int i = 0; i < payloads.length; i++) {
            String sequence = Integer.toString(i + 1);
            batch.map(new SourceRecord(new RecordCoordinates("orders", "shardId-0", sequence, 0, "key", null),
                    payloads[i].getBytes(StandardCharsets.UTF_8)), mapper);
        }
        return batch;
    }
}
