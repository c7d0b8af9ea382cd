package io.kinesisopensearch.mapping;

import static io.kinesisopensearch.Fixtures.json;
import static io.kinesisopensearch.Fixtures.mapper;
import static io.kinesisopensearch.Fixtures.record;
import static io.kinesisopensearch.Fixtures.sample;
import static io.kinesisopensearch.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.decode.ActionType;
import io.kinesisopensearch.record.MappingException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DynamoDbMappingTest {

    private final RecordMapper mapper = mapper("mapping.format", "dynamodb", "opensearch.index", "music");

    @Test
    void anInsertIndexesTheUnmarshalledNewImageWithTheChangeTimeAsExternalVersion() throws Exception {
        List<DocumentAction> actions = mapper.map(record(sample("dynamodb-insert.json")));

        assertThat(actions).singleElement().satisfies(action -> {
            assertThat(action.type()).isEqualTo(ActionType.INDEX);
            assertThat(action.index()).isEqualTo("music");
            assertThat(action.id()).isEqualTo("No One You Know|Call Me Today");
            assertThat(action.version()).isEqualTo(1_646_346_340_000_000L);
            assertThat(action.versionType()).isEqualTo(VersionType.EXTERNAL_GTE);
            assertThat(text(action)).isEqualTo("{\"AlbumTitle\":\"Somewhat Famous\",\"Artist\":\"No One You Know\","
                    + "\"Awards\":1,\"SongTitle\":\"Call Me Today\",\"Price\":1.50,"
                    + "\"Plays\":12345678901234567890123456789012345678,\"Cover\":\"iVBORw0KGgo=\","
                    + "\"Explicit\":false,\"Producer\":null,\"Genres\":[\"Country\",\"Pop\"],\"Ratings\":[4.5,5],"
                    + "\"Samples\":[\"AAE=\",\"AgM=\"],\"Label\":{\"Name\":\"Acme Records\",\"Founded\":1970},"
                    + "\"Tracks\":[\"Intro\",2,{\"Live\":true}]}");
        });
    }

    @Test
    void aModifyWithMicrosecondPrecisionIsANewerVersionOfTheSameDocument() throws Exception {
        DocumentAction insert = mapper.map(record(sample("dynamodb-insert.json"))).get(0);
        DocumentAction modify = mapper.map(record(sample("dynamodb-modify.json"))).get(0);

        assertThat(modify.id()).isEqualTo(insert.id());
        assertThat(modify.version()).isEqualTo(1_646_346_340_123_456L).isGreaterThan(insert.version());
        assertThat(json(text(modify)).get("Awards").asInt()).isEqualTo(2);
    }

    @Test
    void aRemoveIsAVersionedDelete() throws Exception {
        List<DocumentAction> actions = mapper.map(record(sample("dynamodb-remove.json")));

        assertThat(actions).containsExactly(DocumentAction.delete("music", "No One You Know|Call Me Today")
                .withVersion(1_646_346_341_000_000L, VersionType.EXTERNAL_GTE));
    }

    @Test
    void keysGiveStableUnambiguousIds() throws Exception {
        assertThat(idOf("{\"pk\":{\"N\":\"1.50\"}}")).isEqualTo("1.5");
        assertThat(idOf("{\"pk\":{\"N\":\"100\"}}")).isEqualTo("100");
        assertThat(idOf("{\"b\":{\"S\":\"x|y\"},\"a\":{\"S\":\"w\\\\\"}}")).isEqualTo("w\\\\|x\\|y");
        assertThat(idOf("{\"b\":{\"S\":\"y\"},\"a\":{\"S\":\"x\"}}")).isEqualTo(idOf("{\"a\":{\"S\":\"x\"},\"b\":{\"S\":\"y\"}}"));
    }

    private String idOf(String keys) throws MappingException {
        return mapper.map(record("{\"eventName\":\"REMOVE\",\"eventSource\":\"aws:dynamodb\",\"dynamodb\":{"
                + "\"ApproximateCreationDateTime\":1646346341000,\"Keys\":" + keys + "}}")).get(0).id();
    }

    @Test
    void malformedChangeRecordsNameTheProblem() {
        assertThatThrownBy(() -> change("INSERT", "{\"k\":{\"S\":\"1\"}}", "{\"k\":{\"S\":\"1\"},\"x\":{\"Q\":\"1\"}}"))
                .hasMessageEndingWith("DynamoDB change record: unknown DynamoDB type 'Q' at /dynamodb/NewImage/x,"
                        + " expected S, N, B, BOOL, NULL, SS, NS, BS, M or L");
        assertThatThrownBy(() -> change("INSERT", "{\"k\":{\"S\":\"1\"}}", "{\"x\":{\"N\":\"twelve\"}}"))
                .hasMessageEndingWith("/dynamodb/NewImage/x/N is not a DynamoDB number: \"twelve\"");
        assertThatThrownBy(() -> change("INSERT", "{\"k\":{\"S\":\"1\"}}", "{\"x\":{\"S\":\"a\",\"N\":\"1\"}}"))
                .hasMessageContaining("/dynamodb/NewImage/x must be an object with one type key");
        assertThatThrownBy(() -> change("INSERT", "{\"k\":{\"S\":\"1\"}}", null))
                .hasMessageContaining("INSERT without /dynamodb/NewImage");
        assertThatThrownBy(() -> change("UPSERT", "{\"k\":{\"S\":\"1\"}}", "{}"))
                .hasMessageEndingWith("eventName is \"UPSERT\", expected INSERT, MODIFY or REMOVE");
        assertThatThrownBy(() -> change("REMOVE", "{}", null)).hasMessageEndingWith("no key attributes at /dynamodb/Keys");
        assertThatThrownBy(() -> change("REMOVE", "{\"k\":{\"M\":{}}}", null))
                .hasMessageContaining("/dynamodb/Keys/k must be a key value");
        assertThatThrownBy(() -> mapper.map(record("{\"eventName\":\"INSERT\",\"dynamodb\":{\"Keys\":{\"k\":{\"S\":\"1\"}},"
                + "\"NewImage\":{}}}"))).hasMessageContaining("ApproximateCreationDateTime must be the change time");
        assertThatThrownBy(() -> mapper.map(record("{\"eventName\":\"INSERT\",\"eventSource\":\"aws:s3\"}")))
                .hasMessageEndingWith("eventSource is \"aws:s3\", expected aws:dynamodb");
    }

    private List<DocumentAction> change(String event, String keys, String newImage) throws MappingException {
        return mapper.map(record("{\"eventName\":\"" + event + "\",\"eventSource\":\"aws:dynamodb\",\"dynamodb\":{"
                + "\"ApproximateCreationDateTime\":1646346341000,\"Keys\":" + keys
                + (newImage == null ? "" : ",\"NewImage\":" + newImage) + "}}"));
    }

    @Test
    void excludeAndVersionTypeSettingsApplyToChangeRecords() throws Exception {
        RecordMapper strict = mapper("mapping.format", "dynamodb", "mapping.version-type", "external",
                "mapping.include", "Artist,Awards");

        DocumentAction action = strict.map(record(sample("dynamodb-modify.json"))).get(0);

        assertThat(action.versionType()).isEqualTo(VersionType.EXTERNAL);
        assertThat(text(action)).isEqualTo("{\"Artist\":\"No One You Know\",\"Awards\":2}");
    }
}
