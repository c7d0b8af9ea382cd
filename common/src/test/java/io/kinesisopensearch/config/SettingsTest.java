package io.kinesisopensearch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    enum Mode { FAST_LANE, SLOW }

    @Test
    void environmentNamesDeriveFromDottedKeys() {
        assertThat(Settings.environmentName("opensearch.url")).isEqualTo("OPENSEARCH_URL");
        assertThat(Settings.environmentName("kinesis.initial-position")).isEqualTo("KINESIS_INITIAL_POSITION");
    }

    @Test
    void environmentWinsOverTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "opensearch.url=http://from-file:9200\nopensearch.index=orders\n");

        Settings settings = Settings.load(Map.of(
                Settings.CONFIG_FILE_VARIABLE, file.toString(),
                "OPENSEARCH_URL", "http://from-env:9200"));

        assertThat(settings.find("opensearch.url")).contains("http://from-env:9200");
        assertThat(settings.find("opensearch.index")).contains("orders");
    }

    @Test
    void aPrefixedViewReadsItsOwnKeyFirstAndFallsBackToThePlainOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "streams.logs.mapping.format=csv\nmapping.format=json\nopensearch.index=orders\n");
        Settings settings = Settings.load(Map.of(Settings.CONFIG_FILE_VARIABLE, file.toString(),
                "STREAMS_LOGS_OPENSEARCH_INDEX", "logs"));

        Settings logs = settings.withPrefix("streams.logs.");
        Settings orders = settings.withPrefix("streams.orders.");

        assertThat(logs.find("mapping.format")).contains("csv");
        assertThat(logs.find("opensearch.index")).contains("logs");
        assertThat(orders.find("mapping.format")).contains("json");
        assertThat(orders.find("opensearch.index")).contains("orders");
        assertThat(settings.find("opensearch.index")).contains("orders");
    }

    @Test
    void theFileKeysAreListedAsWrittenAndTheEnvironmentIsNot(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "opensearch.url=http://x:9200\nBULK_MAX_WAIT=2s\n");

        Settings settings = Settings.load(Map.of(Settings.CONFIG_FILE_VARIABLE, file.toString(), "PATH", "/bin"));

        assertThat(settings.fileKeys()).containsExactly("BULK_MAX_WAIT", "opensearch.url");
        assertThat(Settings.of(Map.of("opensearch.url", "http://x:9200")).fileKeys()).isEmpty();
    }

    @Test
    void aRecordingInstanceNotesEachKeyReadWithItsDefault() {
        Map<String, String> reads = new java.util.TreeMap<>();
        Settings settings = Settings.recording(Map.of("a", "x"), reads);

        settings.require("a", "needed");
        settings.getDuration("b", Duration.ofMillis(1500));
        settings.getDuration("c", Duration.ofMinutes(2));
        settings.getInt("d", 8, 1, 10);
        settings.getEnum("e", Mode.class, Mode.FAST_LANE);
        settings.find("f");
        settings.withPrefix("streams.x.").get("g", "plain");
        settings.find("b");

        assertThat(reads).containsExactly(Map.entry("a", Settings.REQUIRED), Map.entry("b", "1500ms"),
                Map.entry("c", "2m"), Map.entry("d", "8"), Map.entry("e", "FAST_LANE"), Map.entry("f", ""),
                Map.entry("g", "plain"));
        assertThat(Settings.duration("90s")).contains(Duration.ofSeconds(90));
        assertThat(Settings.duration("soon")).isEmpty();
    }

    @Test
    void aMissingFileIsAConfigurationErrorNamingIt() {
        assertThatThrownBy(() -> Settings.load(Map.of(Settings.CONFIG_FILE_VARIABLE, "/no/such/file.properties")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("/no/such/file.properties");
    }

    @Test
    void aMissingRequiredSettingNamesBothSpellings() {
        Settings settings = Settings.of(Map.of());

        assertThatThrownBy(() -> settings.require("kinesis.stream", "the stream to read"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Missing setting kinesis.stream (environment variable KINESIS_STREAM): the stream to read");
    }

    @Test
    void blankValuesCountAsMissing() {
        assertThat(Settings.of(Map.of("KINESIS_STREAM", "  ")).find("kinesis.stream")).isEmpty();
    }

    @Test
    void durationsTakeUnitsIsoOrMilliseconds() {
        Settings settings = Settings.of(Map.of("a", "500ms", "b", "30s", "c", "5m", "d", "PT2H", "e", "1500"));

        assertThat(settings.getDuration("a", null)).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.getDuration("b", null)).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.getDuration("c", null)).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.getDuration("d", null)).isEqualTo(Duration.ofHours(2));
        assertThat(settings.getDuration("e", null)).isEqualTo(Duration.ofMillis(1500));
        assertThat(settings.getDuration("f", Duration.ZERO)).isEqualTo(Duration.ZERO);
    }

    @Test
    void aBadDurationSaysWhatIsAllowed() {
        Settings settings = Settings.of(Map.of("batch.max-wait", "soon"));

        assertThatThrownBy(() -> settings.getDuration("batch.max-wait", Duration.ZERO))
                .hasMessageContaining("batch.max-wait (environment variable BATCH_MAX_WAIT) = 'soon'")
                .hasMessageContaining("500ms");
    }

    @Test
    void enumsMatchLooselyAndListAllowedValues() {
        assertThat(Settings.of(Map.of("mode", "fast-lane")).getEnum("mode", Mode.class, Mode.SLOW))
                .isEqualTo(Mode.FAST_LANE);
        assertThatThrownBy(() -> Settings.of(Map.of("mode", "warp")).getEnum("mode", Mode.class, Mode.SLOW))
                .hasMessageEndingWith("allowed values are FAST_LANE, SLOW");
    }

    @Test
    void integersAreRangeChecked() {
        Settings settings = Settings.of(Map.of("n", "0", "m", "x"));

        assertThatThrownBy(() -> settings.getInt("n", 5, 1, 10)).hasMessageContaining("between 1 and 10");
        assertThatThrownBy(() -> settings.getInt("m", 5, 1, 10)).hasMessageContaining("whole number");
        assertThat(settings.getInt("absent", 5, 1, 10)).isEqualTo(5);
    }
}
