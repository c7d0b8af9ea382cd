package io.kinesisopensearch.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.config.SettingsReference;
import io.kinesisopensearch.decode.CsvOptions;
import io.kinesisopensearch.sink.bulk.BulkConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings of every module the worker's image carries, against README.md's table and the worker's file check. */
class WorkerSettingsTest {

    /** An environment name in backticks: {@code `BULK_MAX_WAIT`}. */
    private static final Pattern ENVIRONMENT_NAME = Pattern.compile("`([A-Z][A-Z0-9_]*)`");

    @Test
    void theRegistryHoldsTheKeyConstantsOfEveryConfigClassAndNoDefaultValues() {
        List<String> keys = SettingsReference.settings().stream().map(SettingsReference.Setting::key).toList();

        assertThat(keys).contains(KinesisSourceConfig.STREAM, SourceStream.STREAMS, BulkConfig.MAX_WAIT,
                CsvOptions.DELIMITER, ConsumerConfig.STATS_INTERVAL, "aws.endpoint-url.s3", "aws.access-key-id");
        assertThat(keys).doesNotContain("dead-letters", "@timestamp", "streams.").doesNotHaveDuplicates();
        assertThat(SettingsReference.settings()).filteredOn(SettingsReference.Setting::perStream)
                .extracting(SettingsReference.Setting::key)
                .contains("opensearch.index", "mapping.format", "mapping.csv.columns")
                .doesNotContain("opensearch.url", "kinesis.stream", "bulk.max-wait");
    }

    @Test
    void everyKeyTheWorkerReadsIsRegisteredAndEveryRegisteredKeyIsRead() {
        List<String> registered = SettingsReference.settings().stream().map(SettingsReference.Setting::key).toList();

        assertThat(SettingsReference.readByTheModules().keySet()).as("keys read but not in a registered class")
                .containsExactlyInAnyOrderElementsOf(registered);
    }

    @Test
    void defaultsAreTheOnesTheCodeReadsWith() {
        Map<String, String> defaults = new LinkedHashMap<>();
        SettingsReference.settings().forEach(setting -> defaults.put(setting.key(), setting.defaultValue()));

        assertThat(defaults).containsEntry(BulkConfig.MAX_WAIT, "1s")
                .containsEntry(KinesisSourceConfig.POLLING_IDLE_TIME, "1500ms")
                .containsEntry(KinesisSourceConfig.RETRIEVAL, "FANOUT")
                .containsEntry(BulkConfig.MAX_ACTIONS, "1000")
                .containsEntry(KinesisSourceConfig.STREAM, Settings.REQUIRED)
                .containsEntry("deadletter.uri", "dead-letters")
                .containsEntry(SourceStream.STREAMS, "");
    }

    @Test
    void theReadmeSettingsTableListsEveryKnownSettingAndNothingElse() throws IOException {
        Map<String, Row> table = workerSettingsTable();
        List<String> known = SettingsReference.settings().stream()
                .map(SettingsReference.Setting::environmentName).toList();

        assertThat(table.keySet()).as("settings missing from README.md's table").containsAll(known);
        assertThat(known).as("names in README.md's table that are no setting").containsAll(table.keySet());
        assertThat(table).allSatisfy((name, row) -> assertThat(row.meaning()).as("meaning of " + name).isNotBlank());
    }

    /**
     * Where the README gives a default as code ({@code `1s`}, {@code `100ms`, `10s`} for two
     * names), it is the code's; "required" is said of exactly the required settings.
     */
    @Test
    void theReadmeDefaultsAreTheCodes() throws IOException {
        Map<String, Row> table = workerSettingsTable();
        int compared = 0;
        for (SettingsReference.Setting setting : SettingsReference.settings()) {
            Row row = table.get(setting.environmentName());
            assertThat(row.defaultValue().startsWith(Settings.REQUIRED))
                    .as("README says %s is required", setting.environmentName())
                    .isEqualTo(setting.defaultValue().equals(Settings.REQUIRED));
            if (row.defaultValue().startsWith("`")) {
                assertThat(sameDefault(row.defaultValue().replace("`", ""), setting.defaultValue()))
                        .as("default of %s: README %s, code %s", setting.environmentName(), row.defaultValue(),
                                setting.defaultValue())
                        .isTrue();
                compared++;
            }
        }
        assertThat(compared).as("defaults compared").isGreaterThan(15);
    }

    private static boolean sameDefault(String readme, String code) {
        if (readme.equalsIgnoreCase(code)) {
            return true;
        }
        return Settings.duration(readme).isPresent() && Settings.duration(readme).equals(Settings.duration(code));
    }

    @Test
    void anUnknownKeyInTheFileStopsTheWorkerNamingTheClosestKnownKey(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> config(dir, "bulk.max-wiat=2s"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Unknown setting bulk.max-wiat in the file named by KINESIS_OPENSEARCH_CONFIG;"
                        + " did you mean bulk.max-wait (environment variable BULK_MAX_WAIT)?");
        assertThatThrownBy(() -> config(dir, "MAPPING_CSV_DELIMTER=;"))
                .hasMessageContaining("Unknown setting MAPPING_CSV_DELIMTER")
                .hasMessageContaining("did you mean mapping.csv.delimiter");
    }

    @Test
    void aStreamsOwnKeysAreItsMappingKeysForAListedStream(@TempDir Path dir) throws IOException {
        String streams = "kinesis.stream=\nstreams=orders,logs\n";
        assertThat(config(dir, streams + "streams.logs.mapping.format=text\nstreams.logs.opensearch.index=logs")
                .streams()).hasSize(2);
        assertThatThrownBy(() -> config(dir, streams + "streams.logs.mapping.fromat=text"))
                .hasMessageContaining("Unknown setting streams.logs.mapping.fromat")
                .hasMessageContaining("did you mean streams.logs.mapping.format ")
                .hasMessageContaining("A stream's own keys are its mapping keys");
        assertThatThrownBy(() -> config(dir, streams + "streams.logs.bulk.max-wait=2s"))
                .hasMessageContaining("Unknown setting streams.logs.bulk.max-wait");
        assertThatThrownBy(() -> config(dir, streams + "streams.log.mapping.format=text"))
                .hasMessageContaining("Unknown setting streams.log.mapping.format")
                .hasMessageContaining("did you mean streams.logs.mapping.format ");
    }

    /** A worker configuration from a settings file holding {@code lines} besides the required settings. */
    private static ConsumerConfig config(Path dir, String lines) throws IOException {
        Path file = Files.createTempFile(dir, "worker", ".properties");
        Files.writeString(file, "kinesis.stream=orders\nkinesis.application-name=indexer\n"
                + "opensearch.url=http://localhost:9200\nopensearch.index=orders\n" + lines + "\n");
        return ConsumerConfig.from(Settings.load(Map.of(Settings.CONFIG_FILE_VARIABLE, file.toString())));
    }

    /** A row of the README's table, for one of the environment names in its first cell. */
    private record Row(String defaultValue, String meaning) {
    }

    /**
     * The settings table of README.md's "Running the worker": each environment name in a row's
     * first cell, with its default (the n-th code span of the default cell, when the cell is only
     * code spans, one per name, and a remark in brackets; else the cell's text) and the row's meaning.
     */
    private static Map<String, Row> workerSettingsTable() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "README.md"));
        int section = lines.indexOf("## Running the worker");
        assertThat(section).as("README.md section Running the worker").isNotNegative();
        List<String> rows = new ArrayList<>();
        for (String line : lines.subList(section + 1, lines.size())) {
            if (line.startsWith("#")) {
                break;
            }
            if (line.startsWith("| `")) {
                rows.add(line);
            }
        }
        Map<String, Row> table = new LinkedHashMap<>();
        for (String row : rows) {
            String[] cells = row.split("\\|");
            List<String> names = new ArrayList<>();
            Matcher name = ENVIRONMENT_NAME.matcher(cells[1]);
            while (name.find()) {
                names.add(name.group(1));
            }
            String defaults = cells[2].replaceAll("\\([^)]*\\)", "").trim();
            List<String> spans = List.of(defaults.split(",\\s*"));
            boolean onePerName = defaults.matches("`[^`]+`(,\\s*`[^`]+`)*") && spans.size() == names.size();
            for (int i = 0; i < names.size(); i++) {
                table.put(names.get(i), new Row(onePerName ? spans.get(i) : defaults, cells[cells.length - 1].trim()));
            }
        }
        assertThat(table).as("rows of the settings table").isNotEmpty();
        return table;
    }
}
