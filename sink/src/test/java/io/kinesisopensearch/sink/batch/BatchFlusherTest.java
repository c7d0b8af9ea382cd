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

        long started = System.nanoTime();
        assertThatThrownBy(() -> flusher.flush(batch("{not json"), Deadline.in(Duration.ofMillis(500))))
                .isInstanceOf(OutOfTimeException.class).hasMessageContaining("dead letters");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(stats.snapshot().deadLetters()).isZero();
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

    private RecordBatch batch(String... payloads) {
        RecordBatch batch = new RecordBatch(BULK);
        for (int i = 0; i < payloads.length; i++) {
            String sequence = Integer.toString(i + 1);
            batch.map(new SourceRecord(new RecordCoordinates("orders", "shardId-0", sequence, 0, "key", null),
                    payloads[i].getBytes(StandardCharsets.UTF_8)), mapper);
        }
        return batch;
    }
}
