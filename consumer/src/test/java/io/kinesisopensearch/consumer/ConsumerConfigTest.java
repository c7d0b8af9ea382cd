package io.kinesisopensearch.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.decode.PayloadFormat;
import io.kinesisopensearch.mapping.IdStrategy;
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
        return config(MINIMAL, overrides);
    }

    /** The configuration of {@code base} with {@code overrides}; an empty value removes a setting. */
    static ConsumerConfig config(Map<String, String> base, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(base);
        settings.putAll(overrides);
        settings.values().removeIf(String::isEmpty);
        return ConsumerConfig.from(Settings.of(settings));
    }

    @Test
    void defaultsFollowKclAndReadTheWholeRetentionPeriod() {
        ConsumerConfig config = config(Map.of());

        assertThat(config.source().initialPosition()).isEqualTo(KinesisSourceConfig.InitialPosition.TRIM_HORIZON);
        assertThat(config.source().retrieval()).isEqualTo(KinesisSourceConfig.Retrieval.FANOUT);
        assertThat(config.source().failoverTime()).isEqualTo(Duration.ofSeconds(6));
        assertThat(config.source().metricsLevel()).isEqualTo(KinesisSourceConfig.MetricsLevel.NONE);
    }

    @Test
    void kclDefaultsHandLeasesOverWithinSeconds() {
        KinesisSourceConfig source = config(Map.of()).source();

        // A dead worker's leases go after failover time, to be assigned at the next assignment run;
        // its worker report expires after two intervals, no later than its leases do.
        assertThat(source.assignmentInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(source.workerReport().multipliedBy(2)).isLessThanOrEqualTo(source.failoverTime());
        assertThat(source.leaderLock()).isEqualTo(Duration.ofSeconds(10));
        assertThat(source.leaderHeartbeat()).isEqualTo(Duration.ofSeconds(3));
        assertThat(source.shardSyncInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config(Map.of("KCL_LEASE_ASSIGNMENT_INTERVAL", "30s")).source().assignmentInterval())
                .isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> config(Map.of("KCL_LEASE_ASSIGNMENT_INTERVAL", "10ms")))
                .hasMessageContaining("kcl.lease-assignment-interval");
    }

    @Test
    void prefetchIsBoundedByTheDefaultsUnlessSetOtherwise() {
        KinesisSourceConfig source = config(Map.of()).source();

        assertThat(source.maxRecordsPerFetch()).isEqualTo(10_000);
        assertThat(source.maxPendingFetches()).as("one fetch waiting, not KCL's 3").isEqualTo(1);
        assertThat(source.maxPrefetchBytes()).isEqualTo(8 * 1024 * 1024);
        KinesisSourceConfig small = config(Map.of("KINESIS_MAX_RECORDS_PER_FETCH", "100",
                "KINESIS_MAX_PENDING_FETCHES", "3", "KINESIS_MAX_PREFETCH_BYTES", "65536")).source();
        assertThat(small.maxRecordsPerFetch()).isEqualTo(100);
        assertThat(small.maxPendingFetches()).isEqualTo(3);
        assertThat(small.maxPrefetchBytes()).isEqualTo(65_536);
        assertThatThrownBy(() -> config(Map.of("KINESIS_MAX_RECORDS_PER_FETCH", "20000")))
                .hasMessageContaining("kinesis.max-records-per-fetch").hasMessageContaining("between 1 and 10000");
    }

    @Test
    void defaultsKeepMetricsAndEndpoints() {
        ConsumerConfig config = config(Map.of());
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
    void oneStreamByDefaultInSingleStreamMode() {
        ConsumerConfig config = config(Map.of());

        assertThat(config.multiStream()).isFalse();
        assertThat(config.streams()).extracting(SourceStream::name).containsExactly("orders");
        assertThat(config.streams().get(0).mapping().index().toString()).isEqualTo("orders");
    }

    @Test
    void listedStreamsTakeTheirOwnKeysAndFallBackToThePlainOnes() {
        ConsumerConfig config = config(Map.of(
                "KINESIS_STREAM", "",
                "STREAMS", "orders, app-logs",
                "MAPPING_ID_POINTER", "/orderId",
                "STREAMS_APP_LOGS_OPENSEARCH_INDEX", "logs",
                "STREAMS_APP_LOGS_MAPPING_FORMAT", "cloudwatch-logs",
                "STREAMS_APP_LOGS_MAPPING_ID", "format"));

        assertThat(config.multiStream()).isTrue();
        assertThat(config.streams()).extracting(SourceStream::name).containsExactly("orders", "app-logs");
        SourceStream orders = config.streams().get(0);
        SourceStream logs = config.streams().get(1);
        assertThat(orders.mapping().index().toString()).isEqualTo("orders");
        assertThat(orders.mapping().decoding().format()).isEqualTo(PayloadFormat.JSON);
        assertThat(orders.mapping().ids().pointers()).hasSize(1);
        assertThat(logs.mapping().index().toString()).isEqualTo("logs");
        assertThat(logs.mapping().decoding().format()).isEqualTo(PayloadFormat.CLOUDWATCH_LOGS);
        assertThat(logs.mapping().ids().strategy()).isEqualTo(IdStrategy.FORMAT);
    }

    @Test
    void streamListMistakesAreNamed() {
        assertThatThrownBy(() -> config(Map.of("STREAMS", "orders,logs")))
                .hasMessageContaining("set either streams or kinesis.stream, not both");
        assertThatThrownBy(() -> config(Map.of("KINESIS_STREAM", "", "STREAMS", "orders,orders")))
                .hasMessageContaining("must be distinct Kinesis stream names");
        assertThatThrownBy(() -> config(Map.of("KINESIS_STREAM", "", "STREAMS", "orders,bad name")))
                .hasMessageContaining("streams (environment variable STREAMS)");
        assertThatThrownBy(() -> config(Map.of("KINESIS_STREAM", "", "STREAMS", "orders,logs",
                "STREAMS_LOGS_MAPPING_FORMAT", "xml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Stream logs (its own keys under streams.logs.): Invalid setting mapping.format");
        assertThatThrownBy(() -> config(Map.of("KINESIS_STREAM", "", "OPENSEARCH_INDEX", "", "STREAMS", "orders,logs",
                "STREAMS_ORDERS_OPENSEARCH_INDEX", "orders")))
                .hasMessageStartingWith("Stream logs (its own keys under streams.logs.): Missing setting opensearch.index");
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
