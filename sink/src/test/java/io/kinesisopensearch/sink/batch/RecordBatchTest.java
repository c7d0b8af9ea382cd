package io.kinesisopensearch.sink.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.mapping.MappingConfig;
import io.kinesisopensearch.mapping.RecordMapper;
import io.kinesisopensearch.record.RecordCoordinates;
import io.kinesisopensearch.record.SourceRecord;
import io.kinesisopensearch.sink.bulk.BulkConfig;
import io.kinesisopensearch.sink.bulk.BulkResult;
import io.kinesisopensearch.sink.deadletter.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordBatchTest {

    private final RecordMapper mapper = new RecordMapper(MappingConfig.from(Settings.of(Map.of(
            "opensearch.index", "orders", "mapping.id-pointer", "/id"))));

    private static SourceRecord record(int sequence, String json) {
        return new SourceRecord(new RecordCoordinates("orders", "shardId-0", Integer.toString(sequence), 0, "pk", null),
                json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void deadLettersNameTheRecordsTheMappingOrOpenSearchRefused() {
        RecordBatch batch = new RecordBatch(BulkConfig.DEFAULT);
        batch.map(record(1, "{\"id\":\"a\"}"), mapper);
        batch.map(record(2, "{\"id\":"), mapper);
        batch.map(record(3, "{\"id\":\"c\"}"), mapper);
        BulkResult result = new BulkResult(1, 0, 0, List.of(new BulkResult.ItemFailure(1, 400, "mapper_parsing_exception: x")),
                List.of(BulkResult.Outcome.ACKNOWLEDGED, BulkResult.Outcome.FAILED));

        List<DeadLetter> letters = batch.deadLetters(result, Instant.now());

        assertThat(letters).extracting(letter -> letter.coordinates().sequenceNumber()).containsExactly("2", "3");
        assertThat(letters.get(0).reason()).startsWith("bad JSON at offset");
        assertThat(letters.get(1).reason()).isEqualTo("OpenSearch refused c with 400: mapper_parsing_exception: x");
        assertThat(batch.last().coordinates().sequenceNumber()).isEqualTo("3");
    }

    /**
     * Records, not actions: a record with several actions has one outcome, dead-lettered if any part
     * failed, else acknowledged if any action was (or it had none), else stale if any was, else coalesced.
     */
    @Test
    void eachRecordHasOneOutcomeDecidedFromItsActions() {
        RecordMapper items = new RecordMapper(MappingConfig.from(Settings.of(Map.of(
                "opensearch.index", "orders", "mapping.id-pointer", "/id", "mapping.records-pointer", "/items"))));
        Ledger ledger = new Ledger("orders", "shardId-0");
        RecordBatch batch = new RecordBatch(BulkConfig.DEFAULT, ledger);
        batch.map(record(1, "{\"items\":[{\"id\":\"a\"},{\"id\":\"b\"}]}"), items); // acknowledged, stale
        batch.map(record(2, "{\"items\":[{\"id\":\"c\"}]}"), items);                    // stale
        batch.map(record(3, "{\"items\":[{\"id\":\"d\"}]}"), items);                    // replaced
        batch.map(record(4, "{\"items\":[{\"id\":\"e\"},{\"id\":\"f\"}]}"), items); // acknowledged, failed
        batch.map(record(5, "{\"items\":[]}"), items);                                     // no action at all
        batch.map(record(6, "{\"items\":"), items);                                        // the mapping refuses it
        batch.map(record(7, "{\"items\":[{\"id\":\"g\"},{\"id\":\"h\"}]}"), items); // replaced, stale
        assertThat(batch.actions()).hasSize(8);
        BulkResult result = new BulkResult(2, 3, 2, List.of(new BulkResult.ItemFailure(5, 400, "mapper_parsing_exception")),
                List.of(BulkResult.Outcome.ACKNOWLEDGED, BulkResult.Outcome.STALE, BulkResult.Outcome.STALE,
                        BulkResult.Outcome.REPLACED, BulkResult.Outcome.ACKNOWLEDGED, BulkResult.Outcome.FAILED,
                        BulkResult.Outcome.REPLACED, BulkResult.Outcome.STALE));

        Ledger.Tally tally = batch.tally(result);

        assertThat(tally).isEqualTo(new Ledger.Tally(2, 2, 1, 2));
        assertThat(batch.deadLetters(result, Instant.now())).as("the dead-lettered records are the dead letters")
                .extracting(letter -> letter.coordinates().sequenceNumber()).containsExactly("4", "6");
        assertThat(ledger.account(7)).as("mapped records are received and pending until settled")
                .satisfies(account -> assertThat(account.received()).isEqualTo(7))
                .satisfies(account -> assertThat(account.balanced()).isTrue());
        ledger.settle(tally);
        assertThat(ledger.account(0).toString())
                .isEqualTo("received 7 = acknowledged 2 + stale 2 + coalesced 1 + dead-lettered 2 + released 0 + pending 0");
        assertThat(ledger.account(1).toString()).endsWith("+ pending 1 (-1 unaccounted for)").contains("received 7 != ");
    }

    @Test
    void theBatchIsFullByActionsOrBytesAndDueByAge() {
        BulkConfig small = new BulkConfig(2, 1_024, Duration.ZERO, 64 * 1024, 1, BulkConfig.DEFAULT.retry());
        RecordBatch batch = new RecordBatch(small);
        assertThat(batch.isDue(System.nanoTime())).as("empty is never due").isFalse();

        batch.map(record(1, "{\"id\":\"a\"}"), mapper);
        assertThat(batch.isFull()).isFalse();
        assertThat(batch.isDue(System.nanoTime())).isTrue();
        batch.map(record(2, "{\"id\":\"b\"}"), mapper);
        assertThat(batch.isFull()).isTrue();

        RecordBatch bytes = new RecordBatch(small);
        bytes.map(record(1, "{\"id\":\"a\",\"t\":\"" + "x".repeat(600) + "\"}"), mapper);
        assertThat(bytes.isFull()).as("600-byte record and its 600-byte action reach 1 KiB").isTrue();
    }
}
