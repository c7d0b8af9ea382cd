package io.kinesisopensearch.sink.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.mapping.IndexName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexBootstrapConfigTest {

    @TempDir
    Path directory;

    @Test
    void nothingToSetUpWithoutFiles() {
        IndexBootstrapConfig config = IndexBootstrapConfig.from(Settings.of(Map.of()), IndexName.parse("i", "orders"));

        assertThat(config.isEmpty()).isTrue();
    }

    @Test
    void theTemplateIsNamedAfterTheIndexWithoutItsDatePattern() throws IOException {
        Path template = write("template.json", "{\"index_patterns\":[\"logs-*\"]}");

        IndexBootstrapConfig config = IndexBootstrapConfig.from(
                Settings.of(Map.of("OPENSEARCH_INDEX_TEMPLATE", template.toString())),
                IndexName.parse("i", "logs-{yyyy.MM.dd}"));

        assertThat(config.templateName()).isEqualTo("logs");
        assertThat(config.template()).get().extracting(IndexBootstrapConfig.JsonFile::json)
                .isEqualTo("{\"index_patterns\":[\"logs-*\"]}");
        assertThat(IndexBootstrapConfig.defaultTemplateName(IndexName.parse("i", "app.{yyyy}-events-{MM}")))
                .isEqualTo("app.-events");
    }

    @Test
    void aMissingOrBrokenFileIsAConfigurationErrorNamingTheKey() throws IOException {
        Path broken = write("broken.json", "{\"settings\":");

        assertThatThrownBy(() -> IndexBootstrapConfig.from(
                Settings.of(Map.of("OPENSEARCH_INDEX_SETTINGS", broken.toString())), IndexName.parse("i", "orders")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid setting opensearch.index-settings (environment variable OPENSEARCH_INDEX_SETTINGS)")
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> IndexBootstrapConfig.from(
                Settings.of(Map.of("OPENSEARCH_INDEX_TEMPLATE", directory.resolve("absent.json").toString())),
                IndexName.parse("i", "orders")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("opensearch.index-template").hasMessageContaining("cannot read the file");
    }

    @Test
    void indexSettingsNeedAFixedIndex() throws IOException {
        Path settings = write("settings.json", "{\"settings\":{\"number_of_shards\":1}}");

        assertThatThrownBy(() -> IndexBootstrapConfig.from(
                Settings.of(Map.of("OPENSEARCH_INDEX_SETTINGS", settings.toString())),
                IndexName.parse("i", "logs-{yyyy.MM.dd}")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("date pattern").hasMessageContaining("opensearch.index-template");
    }

    @Test
    void anAliasNeedsAFixedIndexAndNamesItsIndexesByGeneration() {
        IndexBootstrapConfig alias = IndexBootstrapConfig.from(Settings.of(Map.of("OPENSEARCH_INDEX_ALIAS", "true")),
                IndexName.parse("i", "orders"));

        assertThat(alias.alias()).isTrue();
        assertThat(alias.isEmpty()).as("an alias is set up even without files").isFalse();
        assertThat(IndexBootstrapConfig.generation("orders", 1)).isEqualTo("orders-000001");
        assertThat(IndexBootstrapConfig.generation("orders", 12)).isEqualTo("orders-000012");
        assertThat(IndexBootstrapConfig.alias(Settings.of(Map.of("OPENSEARCH_INDEX", "orders",
                "OPENSEARCH_INDEX_ALIAS", "true")))).contains("orders");
        assertThat(IndexBootstrapConfig.alias(Settings.of(Map.of("OPENSEARCH_INDEX", "orders")))).isEmpty();
        assertThatThrownBy(() -> IndexBootstrapConfig.from(Settings.of(Map.of("OPENSEARCH_INDEX_ALIAS", "true")),
                IndexName.parse("i", "logs-{yyyy.MM.dd}")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid setting opensearch.index-alias (environment variable OPENSEARCH_INDEX_ALIAS)")
                .hasMessageContaining("date pattern");
        assertThatThrownBy(() -> IndexBootstrapConfig.alias(Settings.of(Map.of("OPENSEARCH_INDEX", "logs-{yyyy}",
                "OPENSEARCH_INDEX_ALIAS", "true")))).isInstanceOf(ConfigException.class);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(directory.resolve(name), content);
    }
}
