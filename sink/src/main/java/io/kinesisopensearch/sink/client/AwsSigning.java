package io.kinesisopensearch.sink.client;

import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.sink.aws.AwsClientConfig;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * How requests to Amazon OpenSearch Service or OpenSearch Serverless are signed (AWS Signature
 * Version 4).
 *
 * @param service        {@code es} for an OpenSearch Service domain, {@code aoss} for a Serverless collection
 * @param region         the region the signature is for
 * @param credentials    static keys when the settings give them ({@code AWS_ACCESS_KEY_ID}, ...), else the
 *                       SDK's default chain: the ECS task role in production
 * @param collectionType with {@code aoss}, the collection's type, which decides what it accepts
 */
public record AwsSigning(Service service, Region region, AwsCredentialsProvider credentials,
        Optional<CollectionType> collectionType) {

    public static final String SERVICE = "opensearch.aws.service";
    public static final String REGION = "opensearch.aws.region";
    public static final String COLLECTION_TYPE = "opensearch.serverless.collection-type";

    /** The signing name of the service. */
    public enum Service {
        /** Amazon OpenSearch Service (a domain). */
        ES,
        /** Amazon OpenSearch Serverless (a collection). */
        AOSS;

        public String signingName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** An OpenSearch Serverless collection's type, chosen when the collection is created. */
    public enum CollectionType { SEARCH, TIMESERIES, VECTORSEARCH }

    @Override
    public String toString() {
        // The credentials provider is left out: whatever it holds stays out of logs.
        return "AwsSigning[service=" + service.signingName() + ", region=" + region
                + collectionType.map(type -> ", collection-type=" + type).orElse("") + "]";
    }

    /** Reads the signing settings; only called when {@code opensearch.auth} is {@code sigv4}. */
    public static AwsSigning from(Settings settings) {
        Service service = settings.getEnum(SERVICE, Service.class, Service.ES);
        Optional<CollectionType> collectionType = Optional.empty();
        if (service == Service.AOSS) {
            settings.require(COLLECTION_TYPE, "the type of the OpenSearch Serverless collection (search, timeseries"
                    + " or vectorsearch), which decides what it accepts");
            collectionType = Optional.of(settings.getEnum(COLLECTION_TYPE, CollectionType.class, CollectionType.SEARCH));
        } else if (settings.find(COLLECTION_TYPE).isPresent()) {
            throw Settings.invalid(COLLECTION_TYPE, settings.find(COLLECTION_TYPE).get(),
                    "applies to OpenSearch Serverless only, but " + Settings.describe(SERVICE) + " is es; set it to aoss");
        }
        return new AwsSigning(service, region(settings), AwsClientConfig.credentials(settings), collectionType);
    }

    /** {@code opensearch.aws.region}, else {@code aws.region}, else the SDK's region chain ({@code AWS_REGION}, profile, instance). */
    private static Region region(Settings settings) {
        Optional<String> named = settings.find(REGION).or(() -> settings.find(AwsClientConfig.REGION));
        if (named.isPresent()) {
            return Region.of(named.get());
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException e) {
            throw new ConfigException("Missing setting " + Settings.describe(REGION)
                    + ": the region to sign OpenSearch requests for (or " + Settings.describe(AwsClientConfig.REGION)
                    + "); the SDK's region chain found none");
        }
    }
}
