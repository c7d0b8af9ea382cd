package io.kinesisopensearch.loader;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.config.SourceType;
import io.kinesisopensearch.mapping.DocumentAction;
import io.kinesisopensearch.mapping.MappingResult;
import io.kinesisopensearch.mapping.RecordMapper;
import io.kinesisopensearch.record.RecordCoordinates;
import io.kinesisopensearch.record.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExportItemsTest {

    private static final RecordMapper DYNAMODB = RecordMapper.from(Settings.of(Map.of(
            "OPENSEARCH_INDEX", "orders", "MAPPING_FORMAT", "dynamodb")));
    private static final String ITEM = "{\"Item\":{\"customer\":{\"S\":\"c1\"},\"order\":{\"N\":\"7\"},"
            + "\"status\":{\"S\":\"paid\"}}}";
    private static final Instant EXPORT = Instant.parse("2026-11-24T04:00:00.750Z");

    private static MappingResult map(byte[] data) {
        return DYNAMODB.mapEach(new SourceRecord(new RecordCoordinates("s3://b", "data/x.json.gz", "3", 0, null, null),
                data));
    }

    private static DocumentAction action(SourceType live) {
        MappingResult result = map(new ExportItems(List.of("customer", "order"), EXPORT, live).change(ITEM));
        assertThat(result.errors()).isEmpty();
        return result.actions().get(0);
    }

    /** The live change record of the same item, as the stream delivers it. */
    private static long liveVersion(String time, String sequence) {
        String change = "{\"eventName\":\"MODIFY\",\"dynamodb\":{\"ApproximateCreationDateTime\":" + time
                + (sequence == null ? "" : ",\"SequenceNumber\":\"" + sequence + "\"")
                + ",\"Keys\":{\"customer\":{\"S\":\"c1\"},\"order\":{\"N\":\"7\"}},"
                + "\"NewImage\":{\"customer\":{\"S\":\"c1\"},\"order\":{\"N\":\"7\"}}}}";
        return map(change.getBytes(StandardCharsets.UTF_8)).actions().get(0).version();
    }

    @Test
    void anItemGetsTheLivePipelinesIdAndDocument() {
        DocumentAction action = action(SourceType.DYNAMODB_STREAMS);
        assertThat(action.id()).isEqualTo("c1|7");
        assertThat(new String(action.source(), StandardCharsets.UTF_8))
                .isEqualTo("{\"customer\":\"c1\",\"order\":7,\"status\":\"paid\"}");
    }

    @Test
    void besideDynamoDbStreamsTheExportSitsAtSequenceZeroOfItsSecond() {
        long export = action(SourceType.DYNAMODB_STREAMS).version();
        assertThat(export).isEqualTo(EXPORT.getEpochSecond() * 1_000_000_000L);
        long second = EXPORT.getEpochSecond();
        assertThat(liveVersion(Long.toString(second - 1), "999999999999")).as("a change a second before").isLessThan(export);
        assertThat(liveVersion(Long.toString(second), "100000000000000000001")).as("a change in its second")
                .isGreaterThan(export);
        assertThat(liveVersion(Long.toString(second + 60), "1")).as("a change a minute later").isGreaterThan(export);
    }

    @Test
    void besideKinesisDataStreamsTheExportIsItsTimeInMicroseconds() {
        long export = action(SourceType.KINESIS).version();
        long micros = EXPORT.getEpochSecond() * 1_000_000L + 750_000L;
        assertThat(export).isEqualTo(micros);
        assertThat(liveVersion(Long.toString(micros - 1), null)).isLessThan(export);
        assertThat(liveVersion(Long.toString(micros + 1), null)).isGreaterThan(export);
    }

    @Test
    void anItemWithoutItsKeysOrALineThatIsNoItemIsRefusedByTheMapping() {
        ExportItems items = new ExportItems(List.of("customer", "order"), EXPORT, SourceType.KINESIS);
        assertThat(map(items.change("{\"Item\":{\"customer\":{\"S\":\"c1\"}}}")).errors()).singleElement()
                .satisfies(error -> assertThat(error.reason()).contains("/dynamodb/Keys"));
        assertThat(map(items.change("not json")).errors()).hasSize(1);
        assertThat(map(items.change("{\"NotAnItem\":1}")).errors()).hasSize(1);
    }
}
