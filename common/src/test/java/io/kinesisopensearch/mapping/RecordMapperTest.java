package io.kinesisopensearch.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.record.MappingException;
import io.kinesisopensearch.record.RecordCoordinates;
import io.kinesisopensearch.record.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordMapperTest {

    private static final RecordCoordinates AT = new RecordCoordinates(
            "orders", "shardId-000000000002", "49590338271490256608559692538361571095921575989136588898", 0,
            "customer-7", Instant.parse("2026-11-21T10:15:30Z"));

    private static SourceRecord record(String json) {
        return new SourceRecord(AT, json.getBytes(StandardCharsets.UTF_8));
    }

    private static RecordMapper mapper(Map<String, String> settings) {
        return new RecordMapper(MappingConfig.from(Settings.of(settings)));
    }

    @Test
    void anObjectBecomesAnIndexActionWithItsIdFromThePointer() throws Exception {
        String json = "{\"order\":{\"id\":\"o-17\"},\"amount\":12.5}";

        List<DocumentAction> actions =
                mapper(Map.of("opensearch.index", "orders", "mapping.id-pointer", "/order/id")).map(record(json));

        assertThat(actions).containsExactly(
                DocumentAction.index("orders", "o-17", json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void numericIdsAreWrittenAsText() throws Exception {
        List<DocumentAction> actions =
                mapper(Map.of("opensearch.index", "orders", "mapping.id-pointer", "/n")).map(record("{\"n\":42}"));

        assertThat(actions.get(0).id()).isEqualTo("42");
    }

    @Test
    void withoutAPointerTheIdComesFromTheCoordinatesAndIsStable() throws Exception {
        RecordMapper mapper = mapper(Map.of("opensearch.index", "orders"));

        String first = mapper.map(record("{\"a\":1}")).get(0).id();
        String replayed = mapper.map(record("{\"a\":1}")).get(0).id();

        assertThat(first)
                .isEqualTo("orders:shardId-000000000002:49590338271490256608559692538361571095921575989136588898:0")
                .isEqualTo(replayed);
    }

    @Test
    void aggregatedRecordsGetDistinctIdsBySubSequence() {
        RecordCoordinates second = new RecordCoordinates(AT.stream(), AT.shardId(), AT.sequenceNumber(), 1, null, null);

        assertThat(second.documentId()).isNotEqualTo(AT.documentId()).endsWith(":1");
    }

    @Test
    void badJsonNamesTheRecordAndTheOffset() {
        RecordMapper mapper = mapper(Map.of("opensearch.index", "orders"));

        assertThatThrownBy(() -> mapper.map(record("{\"a\":1,,}")))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("stream=orders shard=shardId-000000000002 sequence=4959033827149")
                .hasMessageContaining("bad JSON at offset 7");
    }

    @Test
    void trailingContentIsRejected() {
        assertThatThrownBy(() -> mapper(Map.of("opensearch.index", "orders")).map(record("{\"a\":1} {\"b\":2}")))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("bad JSON");
    }

    @Test
    void nonObjectsAndEmptyRecordsAreMappingErrors() {
        RecordMapper mapper = mapper(Map.of("opensearch.index", "orders"));

        assertThatThrownBy(() -> mapper.map(record("[1,2]"))).hasMessageEndingWith("expected a JSON object but found array");
        assertThatThrownBy(() -> mapper.map(record("  "))).hasMessageEndingWith("empty record, expected a JSON object");
    }

    @Test
    void aMissingOrStructuredIdIsAMappingError() {
        RecordMapper mapper = mapper(Map.of("opensearch.index", "orders", "mapping.id-pointer", "/id"));

        assertThatThrownBy(() -> mapper.map(record("{\"other\":1}"))).hasMessageEndingWith("no document id at /id");
        assertThatThrownBy(() -> mapper.map(record("{\"id\":{\"x\":1}}"))).hasMessageContaining("must be a non-empty");
    }

    @Test
    void badSettingsFailWithTheSettingName() {
        assertThatThrownBy(() -> mapper(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Missing setting opensearch.index (environment variable OPENSEARCH_INDEX)");
        assertThatThrownBy(() -> mapper(Map.of("opensearch.index", "Orders")))
                .hasMessageStartingWith("Invalid setting opensearch.index");
        assertThatThrownBy(() -> mapper(Map.of("opensearch.index", "orders", "mapping.id-pointer", "orderId")))
                .hasMessageStartingWith("Invalid setting mapping.id-pointer");
    }
}
