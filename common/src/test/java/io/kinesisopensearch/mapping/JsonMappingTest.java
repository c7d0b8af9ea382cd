package io.kinesisopensearch.mapping;

import static io.kinesisopensearch.Fixtures.AT;
import static io.kinesisopensearch.Fixtures.json;
import static io.kinesisopensearch.Fixtures.mapper;
import static io.kinesisopensearch.Fixtures.record;
import static io.kinesisopensearch.Fixtures.source;
import static io.kinesisopensearch.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.record.MappingException;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonMappingTest {

    @Test
    void withoutTransformsTheRecordBytesAreTheSourceUnchanged() throws Exception {
        String event = "{ \"price\" : 12.50, \"big\": 123456789012345678901234567890, \"id\": \"e-1\" }";

        List<DocumentAction> actions = mapper("mapping.id-pointer", "/id").map(record(event));

        assertThat(actions).singleElement().satisfies(action -> {
            assertThat(text(action)).isEqualTo(event);
            assertThat(action.id()).isEqualTo("e-1");
        });
    }

    @Test
    void anArrayFieldFansOutToOneActionPerElementWithPartIds() throws Exception {
        String batch = "{\"batch\":7,\"records\":[{\"n\":1},{\"n\":2},{\"n\":3}]}";

        List<DocumentAction> actions = mapper("mapping.records-pointer", "/records").map(record(batch));

        assertThat(actions).extracting(DocumentAction::id).containsExactly(
                AT.documentId() + "#0", AT.documentId() + "#1", AT.documentId() + "#2");
        assertThat(actions).extracting(a -> source(a).get("n").asInt()).containsExactly(1, 2, 3);
    }

    @Test
    void aBadArrayElementIsAnErrorForThatElementOnly() {
        RecordMapper mapper = mapper("mapping.records-pointer", "/records", "mapping.id-pointer", "/id");

        MappingResult result = mapper.mapEach(record("{\"records\":[{\"id\":\"a\"},42,{\"x\":1},{\"id\":\"d\"}]}"));

        assertThat(result.actions()).extracting(DocumentAction::id).containsExactly("a", "d");
        assertThat(result.errors()).extracting(MappingException::reason).containsExactly(
                "element 1 of /records is number, expected an object",
                "document 2 of the record: no document id at /id");
        assertThatThrownBy(() -> mapper.map(record("{\"records\":[{\"id\":\"a\"},42,{\"x\":1}]}")))
                .hasMessageEndingWith("element 1 of /records is number, expected an object (and 1 more parts of the record failed)");
        assertThatThrownBy(() -> mapper.map(record("{\"records\":{}}")))
                .hasMessageEndingWith("expected an array at /records but found object");
    }

    @Test
    void compositeIdsJoinValuesUnambiguously() throws Exception {
        RecordMapper mapper = mapper("mapping.id-pointer", "/tenant,/order/id");

        String plain = mapper.map(record("{\"tenant\":\"acme\",\"order\":{\"id\":17}}")).get(0).id();
        String tricky = mapper.map(record("{\"tenant\":\"a|b\",\"order\":{\"id\":\"c\"}}")).get(0).id();
        String other = mapper.map(record("{\"tenant\":\"a\",\"order\":{\"id\":\"b|c\"}}")).get(0).id();

        assertThat(plain).isEqualTo("acme|17");
        assertThat(tricky).isEqualTo("a\\|b|c").isNotEqualTo(other);
        assertThat(other).isEqualTo("a|b\\|c");
    }

    @Test
    void idsRoutingAndVersionComeFromPointersOnThePassThroughPath() throws Exception {
        RecordMapper mapper = mapper("mapping.id-pointer", "/items/1/sku", "mapping.routing-pointer", "/customer",
                "mapping.version-pointer", "/rev", "mapping.version-type", "external");

        DocumentAction action = mapper.map(record(
                "{\"items\":[{\"sku\":\"x\"},{\"sku\":\"y\"}],\"customer\":\"c-9\",\"rev\":42,\"deep\":{\"a\":[1,{\"b\":2}]}}")).get(0);

        assertThat(action.id()).isEqualTo("y");
        assertThat(action.routing()).isEqualTo("c-9");
        assertThat(action.version()).isEqualTo(42L);
        assertThat(action.versionType()).isEqualTo(VersionType.EXTERNAL);
    }

    @Test
    void aBadVersionIsAMappingError() {
        RecordMapper mapper = mapper("mapping.version-pointer", "/rev");

        assertThatThrownBy(() -> mapper.map(record("{\"rev\":-1}"))).hasMessageContaining("the version at /rev must be a whole number");
        assertThatThrownBy(() -> mapper.map(record("{\"rev\":1.5}"))).hasMessageContaining("must be a whole number");
        assertThatThrownBy(() -> mapper.map(record("{}"))).hasMessageEndingWith("no version at /rev");
    }

    @Test
    void theIndexPatternTakesItsDateFromTheTimestampField() throws Exception {
        RecordMapper mapper = mapper("opensearch.index", "logs-{yyyy.MM.dd}", "mapping.timestamp-pointer", "/time");

        DocumentAction millis = mapper.map(record("{\"time\":1767225599000}")).get(0);
        DocumentAction iso = mapper.map(record("{\"time\":\"2027-01-01T00:30:00+01:00\"}")).get(0);
        DocumentAction seconds = mapper.map(record("{\"time\":1767225600.5}")).get(0);

        assertThat(millis.index()).isEqualTo("logs-2025.12.31");
        assertThat(source(millis).get("@timestamp").asText()).isEqualTo("2025-12-31T23:59:59Z");
        assertThat(iso.index()).isEqualTo("logs-2026.12.31");
        assertThat(source(iso).get("@timestamp").asText()).isEqualTo("2026-12-31T23:30:00Z");
        assertThat(seconds.index()).isEqualTo("logs-2026.01.01");
        assertThat(source(seconds).get("@timestamp").asText()).isEqualTo("2026-01-01T00:00:00.500Z");
    }

    @Test
    void withoutATimestampFieldThePatternUsesTheArrivalTime() throws Exception {
        DocumentAction action = mapper("opensearch.index", "events-{yyyy-MM}").map(record("{\"a\":1}")).get(0);

        assertThat(action.index()).isEqualTo("events-2026-11");
        assertThat(text(action)).isEqualTo("{\"a\":1}");
    }

    @Test
    void aMissingOrUnreadableTimestampIsAMappingError() {
        RecordMapper mapper = mapper("mapping.timestamp-pointer", "/time", "mapping.timestamp-format", "iso");

        assertThatThrownBy(() -> mapper.map(record("{}"))).hasMessageEndingWith("no timestamp at /time");
        assertThatThrownBy(() -> mapper.map(record("{\"time\":\"yesterday\"}")))
                .hasMessageEndingWith("\"yesterday\" at /time is not a timestamp in the format ISO");
        assertThatThrownBy(() -> mapper.map(record("{\"time\":1767225599000}")))
                .hasMessageEndingWith("1767225599000 at /time is not a timestamp in the format ISO");
    }

    @Test
    void includeExcludeRenameAndMetadataShapeTheSource() throws Exception {
        DocumentAction excluded = mapper("mapping.id-pointer", "/id", "mapping.exclude", "password, card",
                "mapping.rename", "user_id:userId", "mapping.metadata-field", "kinesis")
                .map(record("{\"id\":\"u-1\",\"user_id\":7,\"password\":\"x\",\"card\":\"4111\",\"amount\":12.50}")).get(0);
        DocumentAction included = mapper("mapping.id-pointer", "/id", "mapping.include", "amount")
                .map(record("{\"id\":\"u-1\",\"amount\":12.50,\"other\":true}")).get(0);

        assertThat(excluded.id()).isEqualTo("u-1");
        assertThat(source(excluded)).isEqualTo(json("{\"id\":\"u-1\",\"userId\":7,\"amount\":12.50,"
                + "\"kinesis\":{\"stream\":\"events\",\"shardId\":\"shardId-000000000001\","
                + "\"sequenceNumber\":\"49590338271490256608559692538361571095921575989136588898\","
                + "\"subSequenceNumber\":0,\"partitionKey\":\"key-1\",\"arrivalTime\":\"2026-11-21T10:15:30Z\"}}"));
        assertThat(text(included)).isEqualTo("{\"amount\":12.50}");
    }

    @Test
    void theConfiguredActionApplies() throws Exception {
        assertThat(mapper("mapping.action", "upsert", "mapping.id-pointer", "/id").map(record("{\"id\":1}")))
                .containsExactly(DocumentAction.upsert("events", "1", "{\"id\":1}".getBytes()));
        assertThat(mapper("mapping.action", "delete", "mapping.id-pointer", "/id").map(record("{\"id\":1}")))
                .containsExactly(DocumentAction.delete("events", "1"));
    }

    @Test
    void passThroughAndTreePathsAgreeOnErrors() {
        RecordMapper fast = mapper("mapping.id-pointer", "/id");
        RecordMapper tree = mapper("mapping.id-pointer", "/id", "mapping.exclude", "x");

        for (RecordMapper mapper : List.of(fast, tree)) {
            assertThatThrownBy(() -> mapper.map(record("{\"id\":1,,}"))).hasMessageContaining("bad JSON at offset 8");
            assertThatThrownBy(() -> mapper.map(record("{\"id\":1}x"))).hasMessageContaining("bad JSON at offset 8");
            assertThatThrownBy(() -> mapper.map(record("[{\"id\":1}]"))).hasMessageEndingWith("expected a JSON object but found array");
            assertThatThrownBy(() -> mapper.map(record("{\"id\":[1]}"))).hasMessageContaining("must be a non-empty string");
            assertThatThrownBy(() -> mapper.map(record("{\"id\":1"))).hasMessageContaining("bad JSON");
            assertThatThrownBy(() -> mapper.map(record(""))).hasMessageEndingWith("empty record, expected a JSON object");
        }
    }

    // Found by MappingFuzzTest: each of these once threw, hung or blew a few bytes up into megabytes.
    @Test
    void extremeNumbersAreNeitherSlowNorAmplified() throws Exception {
        RecordMapper timestamped = mapper("mapping.timestamp-pointer", "/t");
        RecordMapper tree = mapper("mapping.exclude", "x", "mapping.id-pointer", "/id");

        assertThatThrownBy(() -> timestamped.map(record("{\"t\":1E-99999999}"))).hasMessageContaining("is not a timestamp");
        assertThatThrownBy(() -> tree.map(record("{\"id\":1,\"n\":17E67225599000}"))).hasMessageContaining("bad JSON");
        assertThat(text(tree.map(record("{\"id\":1,\"n\":1767225599e9000}")).get(0))).isEqualTo("{\"id\":1,\"n\":1.767225599E+9009}");
        assertThat(tree.map(record("{\"id\":1E+999999999}")).get(0).id()).isEqualTo("1E+999999999");
    }
}
