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
        BulkResult result = new BulkResult(1, 0, 0, List.of(new BulkResult.ItemFailure(1, 400, "mapper_parsing_exception: x")));

        List<DeadLetter> letters = batch.deadLetters(result, Instant.now());

        assertThat(letters).extracting(letter -> letter.coordinates().sequenceNumber()).containsExactly("2", "3");
        assertThat(letters.get(0).reason()).startsWith("bad JSON at offset");
        assertThat(letters.get(1).reason()).isEqualTo("OpenSearch refused c with 400: mapper_parsing_exception: x");
        assertThat(batch.last().coordinates().sequenceNumber()).isEqualTo("3");
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
