package io.kinesisopensearch.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.decode.ActionType;
import io.kinesisopensearch.mapping.DocumentAction;
import io.kinesisopensearch.mapping.RecordMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The DynamoDB Streams records of AWS's sample event, through the worker's {@code dynamodb} mapping. */
class DynamoDbEventHandlerTest {

    private final RecordMapper mapper = RecordMapper.from(Settings.of(Map.of(
            "opensearch.index", "items", "mapping.format", "dynamodb")));

    @Test
    void insertModifyAndRemoveBecomeIndexIndexAndDeleteOfTheItemWithTheChangeTimeAsVersion() throws Exception {
        List<EventRecord> records = DynamoDbEventHandler.records(Events.sample("dynamodb-event.json", DynamodbEvent.class));

        assertThat(records).extracting(EventRecord::itemIdentifier).containsExactly(
                "4421584500000000017450439091", "4421584500000000017450439092", "4421584500000000017450439093");
        assertThat(records.get(0).record().coordinates().stream()).isEqualTo("ExampleTableWithStream");
        List<DocumentAction> actions = new ArrayList<>();
        for (EventRecord record : records) {
            actions.addAll(mapper.map(record.record()));
        }
        assertThat(actions).extracting(DocumentAction::type)
                .containsExactly(ActionType.INDEX, ActionType.INDEX, ActionType.DELETE);
        assertThat(actions).extracting(DocumentAction::id).containsOnly("101");
        assertThat(actions).extracting(DocumentAction::version).containsOnly(1428537600L * 1_000_000);
        assertThat(new String(actions.get(1).source(), StandardCharsets.UTF_8))
                .contains("\"Message\":\"This item has changed\"").contains("\"Id\":101");
    }

    @Test
    void everyAttributeTypeReachesTheDocument() throws Exception {
        AttributeValue nested = new AttributeValue().withM(Map.of("n", new AttributeValue().withN("1.50")));
        Map<String, AttributeValue> image = Map.of(
                "Id", new AttributeValue().withS("a|b"),
                "tags", new AttributeValue().withSS("x", "y"),
                "sizes", new AttributeValue().withNS("1", "2"),
                "flag", new AttributeValue().withBOOL(true),
                "nothing", new AttributeValue().withNULL(true),
                "blob", new AttributeValue().withB(ByteBuffer.wrap(new byte[] {1, 2, 3})),
                "list", new AttributeValue().withL(new AttributeValue().withS("first"), nested),
                "nested", nested);
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("INSERT");
        record.setEventSource("aws:dynamodb");
        record.setEventSourceARN("arn:aws:dynamodb:us-east-1:123456789012:table/Things/stream/2026-01-01T00:00:00.000");
        record.setDynamodb(new StreamRecord().withKeys(Map.of("Id", image.get("Id"))).withNewImage(image)
                .withSequenceNumber("7").withApproximateCreationDateTime(new Date(1_700_000_000_123L)));
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(record));

        DocumentAction action = mapper.map(DynamoDbEventHandler.records(event).get(0).record()).get(0);

        String source = new String(action.source(), StandardCharsets.UTF_8);
        assertThat(action.id()).isEqualTo("a|b");
        assertThat(action.version()).isEqualTo(1_700_000_000_123_000L);
        assertThat(source).contains("\"tags\":[\"x\",\"y\"]", "\"flag\":true", "\"nothing\":null",
                "\"blob\":\"AQID\"", "\"first\"", "\"nested\":{\"n\":1.5");
    }

    @Test
    void anotherFormatIsRefusedAtStartUpNamingTheSetting() {
        assertThatThrownBy(() -> new DynamoDbEventHandler(Settings.of(Map.of(
                "opensearch.url", "http://localhost:9200", "opensearch.index", "items"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MAPPING_FORMAT");
    }
}
