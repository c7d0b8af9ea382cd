package io.kinesisopensearch.loader.reindex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReindexConfigTest {

    @TempDir
    Path directory;

    private Map<String, String> settings() throws IOException {
        Path mapping = Files.writeString(directory.resolve("index.json"),
                "{\"mappings\":{\"properties\":{\"amount\":{\"type\":\"double\"}}}}");
        Map<String, String> settings = new HashMap<>();
        settings.put("OPENSEARCH_URL", "http://localhost:9200");
        settings.put("OPENSEARCH_INDEX", "orders");
        settings.put("OPENSEARCH_INDEX_ALIAS", "true");
        settings.put("OPENSEARCH_INDEX_SETTINGS", mapping.toString());
        return settings;
    }

    @Test
    void theCurrentIndexATableOrObjects() throws IOException {
        Map<String, String> values = settings();
        ReindexConfig index = ReindexConfig.from(Settings.of(values));
        assertThat(index.alias()).isEqualTo("orders");
        assertThat(index.kind()).isEqualTo(ReindexConfig.SourceKind.INDEX);
        assertThat(index.settleTime()).isEqualTo(Duration.ofSeconds(5));
        values.put("REINDEX_SOURCE", "dynamodb:orders");
        ReindexConfig table = ReindexConfig.from(Settings.of(values));
        assertThat(table.kind()).isEqualTo(ReindexConfig.SourceKind.TABLE);
        assertThat(table.table()).isEqualTo("orders");
        values.put("REINDEX_SOURCE", "s3://bucket/orders/");
        assertThat(ReindexConfig.from(Settings.of(values)).kind()).isEqualTo(ReindexConfig.SourceKind.OBJECTS);
    }

    @Test
    void whatCannotBeReindexedIsRefusedInOneLine() throws IOException {
        Map<String, String> serverless = settings();
        serverless.put("OPENSEARCH_SERVERLESS_COLLECTION_TYPE", "search");
        refused(serverless, "opensearch.serverless.collection-type", "Serverless");

        Map<String, String> plain = settings();
        plain.remove("OPENSEARCH_INDEX_ALIAS");
        refused(plain, "opensearch.index-alias", "alias");

        Map<String, String> upserts = settings();
        upserts.put("MAPPING_ACTION", "UPSERT");
        refused(upserts, "mapping.action", "upserts");

        Map<String, String> noMapping = settings();
        noMapping.remove("OPENSEARCH_INDEX_SETTINGS");
        refused(noMapping, "opensearch.index-template", "mapping");

        Map<String, String> badSource = settings();
        badSource.put("REINDEX_SOURCE", "kinesis:orders");
        refused(badSource, "reindex.source", "dynamodb:<table>");
    }

    private static void refused(Map<String, String> values, String key, String why) {
        assertThatThrownBy(() -> ReindexConfig.from(Settings.of(values)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(key).hasMessageContaining(why)
                .message().doesNotContain("\n");
    }
}
