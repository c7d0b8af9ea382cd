package io.kinesisopensearch.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

class ConsumerConfigTest {

    private static final Map<String, String> MINIMAL = Map.of(
            "KINESIS_STREAM", "orders",
            "KINESIS_APPLICATION_NAME", "orders-indexer",
            "OPENSEARCH_URL", "https://search.example.com",
            "OPENSEARCH_INDEX", "orders");

    private static ConsumerConfig config(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(MINIMAL);
        settings.putAll(overrides);
        settings.values().removeIf(String::isEmpty);
        return ConsumerConfig.from(Settings.of(settings));
    }

    @Test
    void defaultsFollowKclAndReadTheWholeRetentionPeriod() {
        ConsumerConfig config = config(Map.of());

        assertThat(config.source().initialPosition()).isEqualTo(KinesisSourceConfig.InitialPosition.TRIM_HORIZON);
        assertThat(config.source().retrieval()).isEqualTo(KinesisSourceConfig.Retrieval.FANOUT);
        assertThat(config.source().failoverTime()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.source().metricsLevel()).isEqualTo(KinesisSourceConfig.MetricsLevel.NONE);
        assertThat(config.aws().kinesis()).isEmpty();
        assertThat(config.openSearch().url()).isEqualTo(URI.create("https://search.example.com"));
    }

    @Test
    void awsSettingsUseTheSdkNames() {
        ConsumerConfig config = config(Map.of(
                "AWS_REGION", "eu-west-1",
                "AWS_ENDPOINT_URL_KINESIS", "http://localhost:4566",
                "AWS_ACCESS_KEY_ID", "id",
                "AWS_SECRET_ACCESS_KEY", "secret"));

        assertThat(config.aws().region()).contains(Region.EU_WEST_1);
        assertThat(config.aws().kinesis()).contains(URI.create("http://localhost:4566"));
        assertThat(config.aws().credentials()).isInstanceOf(StaticCredentialsProvider.class);
        assertThat(config.aws().credentials().resolveCredentials().accessKeyId()).isEqualTo("id");
    }

    @Test
    void eachMissingRequiredSettingIsNamed() {
        for (String name : MINIMAL.keySet()) {
            assertThatThrownBy(() -> config(Map.of(name, "")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("environment variable " + name);
        }
    }

    @Test
    void atTimestampNeedsATimestampAndOnlyItTakesOne() {
        assertThatThrownBy(() -> config(Map.of("KINESIS_INITIAL_POSITION", "AT_TIMESTAMP")))
                .hasMessageContaining("kinesis.initial-timestamp");
        assertThatThrownBy(() -> config(Map.of("KINESIS_INITIAL_TIMESTAMP", "2026-01-01T00:00:00Z")))
                .hasMessageContaining("only used with kinesis.initial-position = AT_TIMESTAMP");
        assertThat(config(Map.of("KINESIS_INITIAL_POSITION", "at-timestamp",
                "KINESIS_INITIAL_TIMESTAMP", "2026-01-01T00:00:00Z")).source().initialTimestamp())
                .contains(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void badUrlsAndHalfCredentialsAreRejected() {
        assertThatThrownBy(() -> config(Map.of("OPENSEARCH_URL", "localhost:9200")))
                .hasMessageContaining("opensearch.url");
        assertThatThrownBy(() -> config(Map.of("AWS_ENDPOINT_URL_DYNAMODB", "not a url")))
                .hasMessageContaining("aws.endpoint-url.dynamodb");
        assertThatThrownBy(() -> config(Map.of("AWS_ACCESS_KEY_ID", "id")))
                .hasMessageContaining("aws.secret-access-key");
        assertThatThrownBy(() -> config(Map.of("OPENSEARCH_USERNAME", "admin")))
                .hasMessageContaining("opensearch.password");
    }
}
