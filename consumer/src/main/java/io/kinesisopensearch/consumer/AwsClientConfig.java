package io.kinesisopensearch.consumer;

import io.kinesisopensearch.config.Settings;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * How the worker reaches Kinesis, DynamoDB and CloudWatch. Read with the AWS SDK's own names
 * ({@code AWS_REGION}, {@code AWS_ENDPOINT_URL_KINESIS}, ...) so that the settings of an embedded
 * worker mean what they mean to the SDK; anything left out falls back to the SDK's default chains.
 *
 * @param region         the region, or empty for the SDK's default region chain
 * @param kinesis        an endpoint override for Kinesis, such as an emulator
 * @param dynamoDb       an endpoint override for DynamoDB (the lease table)
 * @param cloudWatch     an endpoint override for CloudWatch (KCL's metrics)
 * @param s3             an endpoint override for S3 (dead letters)
 * @param credentials    the credentials: static when the settings name keys, else the SDK's default chain
 */
public record AwsClientConfig(
        Optional<Region> region,
        Optional<URI> kinesis,
        Optional<URI> dynamoDb,
        Optional<URI> cloudWatch,
        Optional<URI> s3,
        AwsCredentialsProvider credentials) {

    public static final String REGION = "aws.region";
    public static final String ENDPOINT_KINESIS = "aws.endpoint-url.kinesis";
    public static final String ENDPOINT_DYNAMODB = "aws.endpoint-url.dynamodb";
    public static final String ENDPOINT_CLOUDWATCH = "aws.endpoint-url.cloudwatch";
    public static final String ENDPOINT_S3 = "aws.endpoint-url.s3";
    public static final String ACCESS_KEY_ID = "aws.access-key-id";
    public static final String SECRET_ACCESS_KEY = "aws.secret-access-key";
    public static final String SESSION_TOKEN = "aws.session-token";

    public static AwsClientConfig from(Settings settings) {
        return new AwsClientConfig(
                settings.find(REGION).map(Region::of),
                endpoint(settings, ENDPOINT_KINESIS),
                endpoint(settings, ENDPOINT_DYNAMODB),
                endpoint(settings, ENDPOINT_CLOUDWATCH),
                endpoint(settings, ENDPOINT_S3),
                credentials(settings));
    }

    private static Optional<URI> endpoint(Settings settings, String key) {
        return settings.findUrl(key, "http://localhost:4566");
    }

    private static AwsCredentialsProvider credentials(Settings settings) {
        Optional<String> keyId = settings.find(ACCESS_KEY_ID);
        Optional<String> secret = settings.find(SECRET_ACCESS_KEY);
        if (keyId.isEmpty() && secret.isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        if (keyId.isEmpty() || secret.isEmpty()) {
            String missing = keyId.isEmpty() ? ACCESS_KEY_ID : SECRET_ACCESS_KEY;
            settings.require(missing, "access key id and secret access key go together");
        }
        Optional<String> token = settings.find(SESSION_TOKEN);
        return StaticCredentialsProvider.create(token.isPresent()
                ? AwsSessionCredentials.create(keyId.get(), secret.get(), token.get())
                : AwsBasicCredentials.create(keyId.get(), secret.get()));
    }
}
