package io.kinesisopensearch.consumer;

import io.kinesisopensearch.sink.aws.AwsClientConfig;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.kinesis.common.KinesisClientUtil;

/** The three AWS clients KCL needs, and the S3 client for dead letters, configured from {@link AwsClientConfig}. */
record AwsClients(KinesisAsyncClient kinesis, DynamoDbAsyncClient dynamoDb, CloudWatchAsyncClient cloudWatch)
        implements AutoCloseable {

    /** Each polled shard holds a connection during its GetRecords call; KCL's other calls need a few more. */
    static final int POLLING_CONNECTIONS = 500;

    /** The clients KCL needs; {@code dynamoDbCalls} sees every DynamoDB call (see {@code KclTableCalls}). */
    static AwsClients create(AwsClientConfig config, KinesisSourceConfig.Retrieval retrieval,
            ExecutionInterceptor dynamoDbCalls) {
        KinesisAsyncClientBuilder kinesis = configure(KinesisAsyncClient.builder(), config, config.kinesis());
        // Enhanced fan-out needs HTTP/2; KCL's helper sets it up the way KCL expects. Polling does not:
        // over HTTP/2 a GetRecords answer slower than the client's PING timeout (a 10 MB answer from
        // a busy endpoint) drops the connection and every call on it, and the shard fetches again.
        if (retrieval == KinesisSourceConfig.Retrieval.FANOUT) {
            kinesis = KinesisClientUtil.adjustKinesisClientBuilder(kinesis);
        } else {
            kinesis = kinesis.httpClientBuilder(NettyNioAsyncHttpClient.builder()
                    .protocol(Protocol.HTTP1_1)
                    .maxConcurrency(POLLING_CONNECTIONS));
        }
        return new AwsClients(
                kinesis.build(),
                configure(DynamoDbAsyncClient.builder(), config, config.dynamoDb())
                        .overrideConfiguration(override -> override.addExecutionInterceptor(dynamoDbCalls))
                        .build(),
                configure(CloudWatchAsyncClient.builder(), config, config.cloudWatch()).build());
    }

    /** An S3 client for dead letters; path-style addressing when the endpoint is overridden (emulators). */
    static S3Client s3(AwsClientConfig config) {
        return config.s3Client();
    }

    private static <B extends AwsClientBuilder<B, ?>> B configure(
            B builder, AwsClientConfig config, java.util.Optional<java.net.URI> endpoint) {
        builder.credentialsProvider(config.credentials());
        config.region().ifPresent(builder::region);
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }

    @Override
    public void close() {
        kinesis.close();
        dynamoDb.close();
        cloudWatch.close();
    }
}
