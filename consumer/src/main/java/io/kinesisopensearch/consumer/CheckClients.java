package io.kinesisopensearch.consumer;

import io.kinesisopensearch.sink.aws.AwsClientConfig;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The clients the dependency checks call through: one attempt each, no retries, a few seconds at
 * most, so that a check reports the error itself (a refused connection) rather than the SDK's
 * retries running out, and does so quickly. Made on first use, closed with the worker.
 */
final class CheckClients implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(4);

    private final AwsClientConfig config;
    private KinesisClient kinesis;
    private DynamoDbClient dynamoDb;
    private S3Client s3;

    CheckClients(AwsClientConfig config) {
        this.config = config;
    }

    synchronized KinesisClient kinesis() {
        if (kinesis == null) {
            kinesis = configure(KinesisClient.builder(), config.kinesis()).build();
        }
        return kinesis;
    }

    synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = configure(DynamoDbClient.builder(), config.dynamoDb()).build();
        }
        return dynamoDb;
    }

    synchronized S3Client s3() {
        if (s3 == null) {
            s3 = configure(S3Client.builder().forcePathStyle(config.s3().isPresent()), config.s3()).build();
        }
        return s3;
    }

    /** Where the worker reaches {@code service}: its endpoint override, or AWS's endpoint in the region. */
    String endpoint(Optional<java.net.URI> override, String service) {
        return override.map(Object::toString).orElseGet(() -> "https://" + service + "."
                + config.region().map(Region::id).orElse("(the SDK's region)") + ".amazonaws.com");
    }

    private <B extends AwsClientBuilder<B, ?> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, ?>>
            B configure(B builder, Optional<java.net.URI> endpoint) {
        builder.credentialsProvider(config.credentials());
        builder.httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(TIMEOUT).socketTimeout(TIMEOUT));
        builder.overrideConfiguration(override -> override.retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallTimeout(TIMEOUT));
        config.region().ifPresent(builder::region);
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }

    @Override
    public synchronized void close() {
        if (kinesis != null) {
            kinesis.close();
        }
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }
}
