package io.kinesisopensearch.consumer.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class KclTableCallsTest {

    @Test
    void callsAreCountedByTheRoleOfTheirTableAndWhetherTheyRead() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // Nothing listens on port 9: every call fails, and is counted all the same.
        try (DynamoDbClient dynamoDb = DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:9"))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .overrideConfiguration(override -> override
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .addExecutionInterceptor(new KclTableCalls(registry, "orders-indexer")))
                .build()) {
            Map<String, AttributeValue> key = Map.of("leaseKey", AttributeValue.fromS("shardId-0"));
            catchThrowable(() -> dynamoDb.scan(scan -> scan.tableName("orders-indexer")));
            catchThrowable(() -> dynamoDb.getItem(get -> get.tableName("orders-indexer").key(key)));
            catchThrowable(() -> dynamoDb.updateItem(update -> update.tableName("orders-indexer").key(key)));
            catchThrowable(() -> dynamoDb.putItem(put -> put.tableName("orders-indexer-CoordinatorState").item(key)));
            catchThrowable(() -> dynamoDb.query(query -> query.tableName("orders-indexer-WorkerMetricStats")));
            catchThrowable(() -> dynamoDb.scan(scan -> scan.tableName("someone-else")));
        }

        assertThat(count(registry, "lease", "read")).isEqualTo(2);
        assertThat(count(registry, "lease", "write")).isEqualTo(1);
        assertThat(count(registry, "coordinator", "write")).isEqualTo(1);
        assertThat(count(registry, "worker-metrics", "read")).isEqualTo(1);
        assertThat(count(registry, "other", "read")).isEqualTo(1);
    }

    private static double count(SimpleMeterRegistry registry, String table, String kind) {
        var counter = registry.find(KclTableCalls.CALLS).tag("table", table).tag("kind", kind).counter();
        return counter == null ? 0 : counter.count();
    }
}
