package io.kinesisopensearch.consumer.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.decode.ActionType;
import io.kinesisopensearch.mapping.DocumentAction;
import io.kinesisopensearch.mapping.RecordMapper;
import io.kinesisopensearch.record.RecordCoordinates;
import io.kinesisopensearch.record.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The adapter's JSON, as measured with adapter 2.0.1, turned into what mapping.format=dynamodb reads. */
class StreamRecordShapeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final RecordMapper mapper = RecordMapper.from(Settings.of(Map.of(
            "opensearch.index", "orders", "mapping.format", "dynamodb")));

    private static final String INSERT = "{\"eventID\":\"e1\",\"eventName\":\"INSERT\",\"eventVersion\":\"1.1\","
            + "\"eventSource\":\"aws:dynamodb\",\"awsRegion\":\"us-east-1\",\"dynamodb\":{"
            + "\"ApproximateCreationDateTime\":1795479960000,\"Keys\":{\"sk\":{\"N\":\"1\"},\"pk\":{\"S\":\"a\"}},"
            + "\"NewImage\":{\"sk\":{\"N\":\"1\"},\"pk\":{\"S\":\"a\"},\"total\":{\"N\":\"12.50\"}},\"OldImage\":{},"
            + "\"SequenceNumber\":\"000000000000000000003\",\"SizeBytes\":74,\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"}}";

    private static final String REMOVE = "{\"eventID\":\"e2\",\"eventName\":\"REMOVE\",\"eventVersion\":\"1.1\","
            + "\"eventSource\":\"aws:dynamodb\",\"awsRegion\":\"us-east-1\",\"dynamodb\":{"
            + "\"ApproximateCreationDateTime\":1795479960000,\"Keys\":{\"sk\":{\"N\":\"1\"},\"pk\":{\"S\":\"a\"}},"
            + "\"NewImage\":{},\"OldImage\":{\"sk\":{\"N\":\"1\"},\"pk\":{\"S\":\"a\"},\"total\":{\"N\":\"12.50\"}},"
            + "\"SequenceNumber\":\"000000000000000000009\",\"SizeBytes\":40,\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"}}";

    @Test
    void theAdaptersJsonBecomesAKinesisDataStreamsForDynamoDbRecordKeepingTheSequenceNumber() throws Exception {
        JsonNode shaped = JSON.readTree(StreamRecordShape.kinesisShape(INSERT.getBytes(StandardCharsets.UTF_8), "Orders"));

        assertThat(shaped.path("tableName").asText()).isEqualTo("Orders");
        assertThat(shaped.path("recordFormat").asText()).isEqualTo("application/json");
        assertThat(shaped.has("eventVersion")).isFalse();
        assertThat(shaped.path("dynamodb").has("OldImage")).isFalse();
        assertThat(shaped.path("dynamodb").has("StreamViewType")).isFalse();
        assertThat(shaped.path("dynamodb").path("NewImage").path("total").path("N").asText()).isEqualTo("12.50");
        assertThat(shaped.path("dynamodb").path("SequenceNumber").asText()).isEqualTo("000000000000000000003");
    }

    @Test
    void anInsertAndARemoveWithinOneMinuteMapToAnIndexAndALaterVersionedDelete() throws Exception {
        DocumentAction insert = map(INSERT);
        DocumentAction remove = map(REMOVE);

        assertThat(insert.type()).isEqualTo(ActionType.INDEX);
        assertThat(insert.id()).isEqualTo("a|1");
        assertThat(JSON.readTree(insert.source()).path("total").decimalValue()).isEqualByComparingTo("12.5");
        assertThat(remove.type()).isEqualTo(ActionType.DELETE);
        assertThat(remove.id()).isEqualTo("a|1");
        assertThat(remove.version()).isGreaterThan(insert.version());
    }

    @Test
    void dataThatIsNoChangeIsPassedOnForTheMappingToDeadLetter() {
        byte[] data = "not json".getBytes(StandardCharsets.UTF_8);

        assertThat(StreamRecordShape.kinesisShape(data, "Orders")).isSameAs(data);
        assertThat(mapper.mapEach(record("not json")).errors()).isNotEmpty();
    }

    private DocumentAction map(String adapterJson) throws Exception {
        byte[] shaped = StreamRecordShape.kinesisShape(adapterJson.getBytes(StandardCharsets.UTF_8), "Orders");
        List<DocumentAction> actions = mapper.map(new SourceRecord(at(), shaped));
        assertThat(actions).hasSize(1);
        return actions.get(0);
    }

    private static SourceRecord record(String text) {
        return new SourceRecord(at(), text.getBytes(StandardCharsets.UTF_8));
    }

    private static RecordCoordinates at() {
        return new RecordCoordinates("Orders", "shardId-00000001795479960000-0a1b2c3d", "000000000000000000003", 0,
                "000000000000000000003", Instant.parse("2026-11-24T01:06:00Z"));
    }
}
