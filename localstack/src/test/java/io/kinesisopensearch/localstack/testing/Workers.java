package io.kinesisopensearch.localstack.testing;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.consumer.ConsumerConfig;
import io.kinesisopensearch.consumer.ConsumerWorker;
import io.kinesisopensearch.localstack.LocalStack;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** Worker settings for a test: the stack's endpoints, quick KCL start-up (or the shipped one), orders by their id. */
public final class Workers {

    private Workers() {
    }

    /** A fresh name for a stream, application or index, so tests never share state. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Map<String, String> settings(LocalStack stack, String stream, String application, String index) {
        Map<String, String> settings = shippedSettings(stack, stream, application, index);
        settings.putAll(LocalStack.FAST_KCL);
        return settings;
    }

    /** As {@link #settings}, but with the KCL settings a worker ships with: what a user gets. */
    public static Map<String, String> shippedSettings(LocalStack stack, String stream, String application, String index) {
        Map<String, String> settings = new HashMap<>(stack.workerSettings());
        settings.put("KINESIS_STREAM", stream);
        settings.put("KINESIS_APPLICATION_NAME", application);
        settings.put("OPENSEARCH_INDEX", index);
        settings.put("MAPPING_ID_POINTER", "/orderId");
        settings.put("WORKER_STATS_INTERVAL", "5s");
        // A free port each: tests run several workers at once, in this JVM and in processes.
        settings.put("METRICS_PORT", "0");
        settings.put("DEADLETTER_URI", "file:" + stack.workDir().resolve("dead-letters").resolve(stream));
        return settings;
    }

    /** As {@link #settings}, for a worker that reads {@code table}'s own DynamoDB stream. */
    public static Map<String, String> tableStreamSettings(LocalStack stack, String table, String application, String index) {
        Map<String, String> settings = settings(stack, table, application, index);
        settings.remove("KINESIS_STREAM");
        settings.remove("MAPPING_ID_POINTER");
        settings.put("SOURCE_TYPE", "dynamodb-streams");
        settings.put("DYNAMODB_TABLE", table);
        settings.put("AWS_ENDPOINT_URL_DYNAMODB_STREAMS", stack.dynamoDbEndpoint().toString());
        settings.put("MAPPING_FORMAT", "dynamodb");
        return settings;
    }

    /**
     * The orders table of the DynamoDB tests (key: customer, order), with a stream of new and old
     * images when {@code withStream}.
     */
    public static void createOrdersTable(LocalStack stack, String table, boolean withStream) {
        stack.dynamoDb().createTable(request -> {
            request.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(
                            KeySchemaElement.builder().attributeName("customer").keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName("order").keyType(KeyType.RANGE).build())
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName("customer").attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName("order").attributeType(ScalarAttributeType.N).build());
            if (withStream) {
                request.streamSpecification(stream -> stream.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES));
            }
        });
        stack.dynamoDb().waiter().waitUntilTableExists(request -> request.tableName(table));
    }

    public static ConsumerWorker start(Map<String, String> settings) {
        return ConsumerWorker.start(ConsumerConfig.from(Settings.of(settings)));
    }
}
