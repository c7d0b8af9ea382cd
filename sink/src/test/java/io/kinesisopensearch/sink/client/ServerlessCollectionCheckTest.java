package io.kinesisopensearch.sink.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.mapping.MappingConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerlessCollectionCheckTest {

    private static final Map<String, String> SERVERLESS = Map.of(
            "OPENSEARCH_URL", "https://abc123.eu-west-1.aoss.amazonaws.com",
            "OPENSEARCH_INDEX", "orders",
            "OPENSEARCH_AUTH", "sigv4",
            "OPENSEARCH_AWS_SERVICE", "aoss",
            "AWS_REGION", "eu-west-1");

    /** The OpenSearch configuration of {@code settings}, once its mapping passed the check. */
    private static OpenSearchConfig checked(Map<String, String> values) {
        Settings settings = Settings.of(values);
        OpenSearchConfig openSearch = OpenSearchConfig.from(settings);
        ServerlessCollectionCheck.check(openSearch, MappingConfig.from(settings));
        return openSearch;
    }

    private static OpenSearchConfig config(String collectionType, String... keysAndValues) {
        Map<String, String> settings = new HashMap<>(SERVERLESS);
        settings.put("OPENSEARCH_SERVERLESS_COLLECTION_TYPE", collectionType);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return checked(settings);
    }

    @Test
    void aSearchCollectionTakesEverythingTheWorkerSends() {
        assertThat(config("search").serverlessCollectionType()).contains(AwsSigning.CollectionType.SEARCH);
        config("search", "MAPPING_FORMAT", "dynamodb");
        config("search", "MAPPING_ID_POINTER", "/id", "MAPPING_VERSION_POINTER", "/version");
        config("search", "MAPPING_ACTION", "delete");
        config("search", "MAPPING_ACTION", "upsert");
    }

    @Test
    void timeSeriesAndVectorSearchCollectionsAreRefusedWithTheReasonTheMappingGives() {
        assertThatThrownBy(() -> config("timeseries", "MAPPING_FORMAT", "dynamodb"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid setting opensearch.serverless.collection-type (environment variable"
                        + " OPENSEARCH_SERVERLESS_COLLECTION_TYPE) = 'timeseries': an OpenSearch Serverless timeseries"
                        + " collection generates its own document ids")
                .hasMessageContaining("mapping.format")
                .hasMessageContaining("deletes and external versions")
                .hasMessageEndingWith("write to a search collection instead");
        assertThatThrownBy(() -> config("vectorsearch", "MAPPING_ACTION", "delete"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mapping.action").hasMessageContaining("DELETE");
        assertThatThrownBy(() -> config("vectorsearch", "MAPPING_VERSION_POINTER", "/version"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mapping.version-pointer");
        assertThatThrownBy(() -> config("timeseries", "MAPPING_ID_POINTER", "/id"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mapping.id-pointer");
        assertThatThrownBy(() -> config("timeseries"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("record's coordinates")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aDomainIsNotChecked() {
        Map<String, String> settings = new HashMap<>(SERVERLESS);
        settings.remove("OPENSEARCH_AWS_SERVICE");
        settings.put("MAPPING_ACTION", "delete");

        assertThat(checked(settings).serverlessCollectionType()).isEmpty();
    }
}
