package io.kinesisopensearch.sink.aws;

import io.kinesisopensearch.config.AwsKeys;
import io.kinesisopensearch.config.Settings;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * How the worker reaches Kinesis, DynamoDB and CloudWatch. Read with the AWS SDK's own names
 * ({@code AWS_REGION}, {@code AWS_ENDPOINT_URL_KINESIS}, ...) so that the settings of an embedded
 * worker mean what they mean to the SDK; anything left out falls back to the SDK's default chains.
 *
 * @param region         the region, or empty for the SDK's default region chain
 * @param kinesis        an endpoint override for Kinesis, such as an emulator
 * @param dynamoDb       an endpoint override for DynamoDB (the lease table, and DescribeTable of a
 *                       table whose stream is read)
 * @param dynamoDbStreams an endpoint override for DynamoDB Streams ({@code source.type=dynamodb-streams})
 * @param cloudWatch     an endpoint override for CloudWatch (KCL's metrics)
 * @param s3             an endpoint override for S3 (dead letters)
 * @param credentials    the credentials: static when the settings name keys, else the SDK's default chain
 */
public record AwsClientConfig(
        Optional<Region> region,
        Optional<URI> kinesis,
        Optional<URI> dynamoDb,
        Optional<URI> dynamoDbStreams,
        Optional<URI> cloudWatch,
        Optional<URI> s3,
        AwsCredentialsProvider credentials) {

    /** The setting of the region, {@code AWS_REGION} in the environment. */
    public static final String REGION = "aws.region";
    /** The setting of Kinesis's endpoint, {@code AWS_ENDPOINT_URL_KINESIS}. */
    public static final String ENDPOINT_KINESIS = "aws.endpoint-url.kinesis";
    /** The setting of DynamoDB's endpoint, {@code AWS_ENDPOINT_URL_DYNAMODB}. */
    public static final String ENDPOINT_DYNAMODB = "aws.endpoint-url.dynamodb";
    /** The setting of DynamoDB Streams' endpoint, {@code AWS_ENDPOINT_URL_DYNAMODB_STREAMS}. */
    public static final String ENDPOINT_DYNAMODB_STREAMS = "aws.endpoint-url.dynamodb-streams";
    /** The setting of CloudWatch's endpoint, {@code AWS_ENDPOINT_URL_CLOUDWATCH}. */
    public static final String ENDPOINT_CLOUDWATCH = "aws.endpoint-url.cloudwatch";
    /** The setting of S3's endpoint, {@code AWS_ENDPOINT_URL_S3}. */
    public static final String ENDPOINT_S3 = "aws.endpoint-url.s3";

    /**
     * Reads the region, the endpoint overrides and the access keys.
     *
     * @param settings the settings
     * @return the configuration, empty where the SDK's defaults apply
     * @throws io.kinesisopensearch.config.ConfigException when an endpoint is not an http:// or https://
     *         URL, or only one of the access key id and the secret access key is given
     */
    public static AwsClientConfig from(Settings settings) {
        return new AwsClientConfig(
                settings.find(REGION).map(Region::of),
                endpoint(settings, ENDPOINT_KINESIS),
                endpoint(settings, ENDPOINT_DYNAMODB),
                endpoint(settings, ENDPOINT_DYNAMODB_STREAMS),
                endpoint(settings, ENDPOINT_CLOUDWATCH),
                endpoint(settings, ENDPOINT_S3),
                credentials(settings));
    }

    /**
     * An S3 client for dead letters; path-style addressing when the endpoint is overridden
     * (emulators). Here rather than beside the KCL clients so that the Lambda handlers, which run
     * without KCL, build it the same way.
     *
     * @return a new client, for the caller to close
     */
    public S3Client s3Client() {
        S3ClientBuilder builder = S3Client.builder().credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .forcePathStyle(s3.isPresent());
        region.ifPresent(builder::region);
        s3.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static Optional<URI> endpoint(Settings settings, String key) {
        return settings.findUrl(key, "http://localhost:4566");
    }

    /**
     * Static credentials when the settings name keys ({@link AwsKeys}), else the SDK's default chain
     * (the ECS task role in production); the one rule for every AWS client of the worker.
     *
     * @param settings the settings
     * @return the credentials provider
     * @throws io.kinesisopensearch.config.ConfigException when only one of the access key id and the
     *         secret access key is given
     */
    public static AwsCredentialsProvider credentials(Settings settings) {
        return AwsKeys.from(settings)
                .<AwsCredentialsProvider>map(keys -> StaticCredentialsProvider.create(keys.sessionToken() == null
                        ? AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey())
                        : AwsSessionCredentials.create(keys.accessKeyId(), keys.secretAccessKey(), keys.sessionToken())))
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    }
}
