package io.kinesisopensearch.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.decode.ActionType;
import io.kinesisopensearch.decode.PayloadFormat;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MappingConfigTest {

    private static MappingConfig config(String... settings) {
        Map<String, String> values = new HashMap<>();
        values.put("opensearch.index", "events");
        for (int i = 0; i < settings.length; i += 2) {
            values.put(settings[i], settings[i + 1]);
        }
        return MappingConfig.from(Settings.of(values));
    }

    @Test
    void defaultsAreTodaysJsonMapping() {
        MappingConfig config = config();

        assertThat(config.decoding().format()).isEqualTo(PayloadFormat.JSON);
        assertThat(config.index().isFixed()).isTrue();
        assertThat(config.ids().strategy()).isEqualTo(IdStrategy.AUTO);
        assertThat(config.action()).isEqualTo(ActionType.INDEX);
        assertThat(config.passesJsonThrough()).isTrue();
        assertThat(config("mapping.exclude", "a").passesJsonThrough()).isFalse();
    }

    @Test
    void environmentNamesWorkLikeDottedKeys() {
        MappingConfig config = MappingConfig.from(Settings.of(Map.of("OPENSEARCH_INDEX", "events",
                "MAPPING_FORMAT", "csv", "MAPPING_CSV_DELIMITER", ";", "MAPPING_CSV_COLUMNS", "a,b")));

        assertThat(config.decoding().csv().delimiter()).isEqualTo(';');
        assertThat(config.decoding().csv().columns()).containsExactly("a", "b");
    }

    @Test
    void eachBadSettingNamesTheKeyAndWhatIsAllowed() {
        assertError("Invalid setting mapping.format (environment variable MAPPING_FORMAT) = 'xml'",
                "allowed values are AUTO, JSON, CSV, DYNAMODB, CLOUDWATCH_LOGS, TEXT", "mapping.format", "xml");
        assertError("Invalid setting mapping.action", "allowed values are INDEX, UPSERT, DELETE", "mapping.action", "merge");
        assertError("Invalid setting mapping.id ", "allowed values are AUTO, POINTER, FORMAT, COORDINATES", "mapping.id", "uuid");
        assertError("Invalid setting mapping.id ", "needs mapping.id-pointer", "mapping.id", "pointer");
        assertError("Invalid setting mapping.id ", "the format JSON gives no id of its own", "mapping.id", "format");
        assertError("Invalid setting mapping.version-type", "allowed values are EXTERNAL, EXTERNAL_GTE",
                "mapping.version-type", "internal");
        assertError("Invalid setting mapping.action", "takes no external version",
                "mapping.action", "upsert", "mapping.version-pointer", "/v");
        assertError("Invalid setting mapping.timestamp-format", "allowed values are AUTO, ISO, EPOCH_SECONDS",
                "mapping.timestamp-format", "rfc822");
        assertError("Invalid setting mapping.records-pointer", "applies to JSON records only",
                "mapping.format", "csv", "mapping.records-pointer", "/records");
        assertError("Invalid setting mapping.records-pointer", "must be a JSON pointer", "mapping.records-pointer", "records");
        assertError("Invalid setting mapping.exclude", "not both", "mapping.include", "a", "mapping.exclude", "b");
        assertError("Invalid setting mapping.rename", "from:to", "mapping.rename", "a");
        assertError("Invalid setting mapping.csv.delimiter", "one character or tab", "mapping.format", "csv",
                "mapping.csv.delimiter", ";;");
        assertError("Invalid setting mapping.csv.header", "the allowed value is USE", "mapping.format", "csv",
                "mapping.csv.header", "none");
        assertError("Invalid setting mapping.csv.header", "the allowed values are SKIP and NONE", "mapping.format", "csv",
                "mapping.csv.columns", "a", "mapping.csv.header", "use");
        assertError("Invalid setting mapping.csv.types", "column:type", "mapping.format", "csv", "mapping.csv.types", "a:date");
        assertError("Invalid setting mapping.csv.types", "does not list: [c]", "mapping.format", "csv",
                "mapping.csv.columns", "a,b", "mapping.csv.types", "c:number");
        assertError("Invalid setting mapping.logs.parse-json", "must be true or false", "mapping.logs.parse-json", "maybe");
    }

    @Test
    void indexPatternsAreCheckedAtStartUp() {
        assertThat(config("opensearch.index", "logs-{yyyy.MM.dd}").index().isFixed()).isFalse();
        assertError("Invalid setting opensearch.index", "a date filled in gives logs-dec", "opensearch.index", "logs-{MMM }");
        // The sample a pattern is checked with is the last millisecond of 2026, in UTC.
        assertError("Invalid setting opensearch.index", "a date filled in gives logs-2026-12-31 23:59:59.999",
                "opensearch.index", "logs-{yyyy-MM-dd HH:mm:ss.SSS}");
        assertError("Invalid setting opensearch.index", "'{' without '}'", "opensearch.index", "logs-{yyyy");
        assertError("Invalid setting opensearch.index", "'}' without '{'", "opensearch.index", "logs-}");
        assertError("Invalid setting opensearch.index", "bad date pattern {bb}", "opensearch.index", "logs-{bb}");
    }

    @Test
    void fixedIndexNamesFollowOpenSearchsRules() {
        assertThat(config("opensearch.index", "orders-2026.v_1").index().resolve(null)).isEqualTo("orders-2026.v_1");
        assertThat(config("opensearch.index", "0" + "a".repeat(254)).index().isFixed()).isTrue();
        String rule = "an OpenSearch index name is lower case letters";
        assertError("Invalid setting opensearch.index", rule, "opensearch.index", "Orders");
        assertError("Invalid setting opensearch.index", rule, "opensearch.index", "-orders");
        assertError("Invalid setting opensearch.index", rule, "opensearch.index", "_orders");
        assertError("Invalid setting opensearch.index", rule, "opensearch.index", "orders*");
        assertError("Invalid setting opensearch.index", rule, "opensearch.index", "my orders");
        assertError("Invalid setting opensearch.index", rule, "opensearch.index", "a".repeat(256));
        assertError("Invalid setting opensearch.index", rule, "opensearch.index", "..");
    }

    private static void assertError(String start, String contains, String... settings) {
        assertThatThrownBy(() -> config(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(start)
                .hasMessageContaining(contains);
    }
}
