package io.kinesisopensearch.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.config.ConfigException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DynamoDbStreamsConfigTest {

    private static final String ARN = "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/2026-11-24T01:00:00.000";

    private static final Map<String, String> MINIMAL = Map.of(
            "SOURCE_TYPE", "dynamodb-streams",
            "KINESIS_APPLICATION_NAME", "orders-indexer",
            "OPENSEARCH_URL", "https://search.example.com",
            "OPENSEARCH_INDEX", "orders",
            "MAPPING_FORMAT", "dynamodb");

    private static ConsumerConfig config(Map<String, String> overrides) {
        return ConsumerConfigTest.config(MINIMAL, overrides);
    }

    @Test
    void aStreamArnNamesTheTableAndItsOneStream() {
        ConsumerConfig config = config(Map.of("DYNAMODB_STREAM_ARN", ARN,
                "AWS_ENDPOINT_URL_DYNAMODB_STREAMS", "http://localhost:8000"));

        assertThat(config.dynamoDbStreams()).contains(new DynamoDbStreamsConfig(java.util.Optional.of(ARN), "Orders"));
        assertThat(config.streams()).singleElement().satisfies(stream -> assertThat(stream.name()).isEqualTo("Orders"));
        assertThat(config.multiStream()).isFalse();
        assertThat(config.aws().dynamoDbStreams()).contains(URI.create("http://localhost:8000"));
    }

    @Test
    void aTableIsReadThroughItsLatestStream() {
        ConsumerConfig config = config(Map.of("DYNAMODB_TABLE", "Orders"));

        assertThat(config.dynamoDbStreams().orElseThrow().streamArn()).isEmpty();
        assertThat(config.dynamoDbStreams().orElseThrow().table()).isEqualTo("Orders");
    }

    @Test
    void kinesisIsTheDefaultAndTakesNoDynamoDbSettings() {
        Map<String, String> kinesis = Map.of("SOURCE_TYPE", "", "KINESIS_STREAM", "orders");
        assertThat(config(kinesis).dynamoDbStreams()).isEmpty();

        Map<String, String> withTable = new HashMap<>(kinesis);
        withTable.put("DYNAMODB_TABLE", "Orders");
        assertThatThrownBy(() -> config(withTable)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("dynamodb.table").hasMessageContaining("only used with source.type");
    }

    @Test
    void badSettingsStopTheWorkerNamingTheKey() {
        assertThatThrownBy(() -> config(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("dynamodb.stream-arn");
        assertThatThrownBy(() -> config(Map.of("DYNAMODB_STREAM_ARN", ARN, "DYNAMODB_TABLE", "Orders")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> config(Map.of("DYNAMODB_STREAM_ARN", "arn:aws:kinesis:eu-west-1:123456789012:stream/x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DYNAMODB_STREAM_ARN");
        assertThatThrownBy(() -> config(Map.of("DYNAMODB_TABLE", "Orders", "KINESIS_STREAM", "orders")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("kinesis.stream");
        assertThatThrownBy(() -> config(Map.of("DYNAMODB_TABLE", "Orders", "KINESIS_INITIAL_POSITION", "AT_TIMESTAMP",
                "KINESIS_INITIAL_TIMESTAMP", "2026-11-24T00:00:00Z")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("kinesis.initial-position");
        assertThatThrownBy(() -> config(Map.of("SOURCE_TYPE", "dynamodb", "DYNAMODB_TABLE", "Orders")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DYNAMODB_STREAMS");
    }
}
