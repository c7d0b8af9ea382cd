package io.kinesisopensearch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.mapping.MappingHooks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference on this module alone: only common's settings are on its class path. */
class SettingsReferenceTest {

    @Test
    void theModulesOnTheClassPathAreFoundAndTheirDefaultsLearntFromTheCode() {
        assertThat(SettingsReference.modules()).extracting(module -> module.getClass().getSimpleName())
                .containsExactly("MappingSettings");
        Map<String, String> defaults = SettingsReference.readByTheModules();

        assertThat(defaults).containsEntry("opensearch.index", Settings.REQUIRED)
                .containsEntry("mapping.format", "JSON").containsEntry(MappingHooks.HOOK, "")
                .containsEntry(SourceType.KEY, "KINESIS");
        assertThat(SettingsReference.settings()).filteredOn(SettingsReference.Setting::perStream)
                .extracting(SettingsReference.Setting::key).contains("mapping.hook", "mapping.csv.columns")
                .doesNotContain("aws.access-key-id", SourceType.KEY);
    }

    @Test
    void anUnknownKeyInTheFileIsNamedWithTheClosestKnownOne(@TempDir Path dir) throws IOException {
        Settings typo = file(dir, "opensearch.index=orders\nmapping.hok=com.example.Hook\n");
        Settings perStream = file(dir, "opensearch.index=orders\nstreams.a.mapping.format=csv\n");

        assertThatThrownBy(() -> SettingsReference.checkFileKeys(typo, "streams", List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Unknown setting mapping.hok in the file named by KINESIS_OPENSEARCH_CONFIG;"
                        + " did you mean mapping.hook (environment variable MAPPING_HOOK)?");
        SettingsReference.checkFileKeys(perStream, "streams", List.of("a"));
        assertThatThrownBy(() -> SettingsReference.checkFileKeys(perStream, "streams", List.of("b")))
                .hasMessageContaining("did you mean streams.b.mapping.format")
                .hasMessageEndingWith("A stream's own keys are its mapping keys, for a stream listed in streams.");
    }

    private static Settings file(Path dir, String text) throws IOException {
        Path file = Files.createTempFile(dir, "settings", ".properties");
        Files.writeString(file, text);
        return Settings.load(Map.of(Settings.CONFIG_FILE_VARIABLE, file.toString()));
    }

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(SettingsReference.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(SettingsReference.distance("", "abc")).isEqualTo(3);
        assertThat(SettingsReference.distance("same", "same")).isZero();
    }
}
