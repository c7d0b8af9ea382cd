package io.kinesisopensearch.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.consumer.bulk.BulkConfig;
import io.kinesisopensearch.decode.CsvOptions;
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

class SettingsReferenceTest {

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
    void theReadmeSettingsTableListsEveryKnownSettingAndNothingElse() throws IOException {
        Map<String, String> table = workerSettingsTable();
        List<String> known = SettingsReference.settings().stream()
                .map(SettingsReference.Setting::environmentName).toList();

        assertThat(table.keySet()).as("settings missing from README.md's table").containsAll(known);
        assertThat(known).as("names in README.md's table that are no setting").containsAll(table.keySet());
        assertThat(table).allSatisfy((name, meaning) -> assertThat(meaning).as("meaning of " + name).isNotBlank());
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

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(SettingsReference.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(SettingsReference.distance("", "abc")).isEqualTo(3);
        assertThat(SettingsReference.distance("same", "same")).isZero();
    }

    /** A worker configuration from a settings file holding {@code lines} besides the required settings. */
    private static ConsumerConfig config(Path dir, String lines) throws IOException {
        Path file = Files.createTempFile(dir, "worker", ".properties");
        Files.writeString(file, "kinesis.stream=orders\nkinesis.application-name=indexer\n"
                + "opensearch.url=http://localhost:9200\nopensearch.index=orders\n" + lines + "\n");
        return ConsumerConfig.from(Settings.load(Map.of(Settings.CONFIG_FILE_VARIABLE, file.toString())));
    }

    /**
     * The settings table of README.md's "Running the worker": each environment name in a row's
     * first cell, with that row's meaning.
     */
    private static Map<String, String> workerSettingsTable() throws IOException {
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
        Map<String, String> table = new LinkedHashMap<>();
        for (String row : rows) {
            String[] cells = row.split("\\|");
            Matcher names = ENVIRONMENT_NAME.matcher(cells[1]);
            while (names.find()) {
                table.put(names.group(1), cells[cells.length - 1].trim());
            }
        }
        assertThat(table).as("rows of the settings table").isNotEmpty();
        return table;
    }
}
