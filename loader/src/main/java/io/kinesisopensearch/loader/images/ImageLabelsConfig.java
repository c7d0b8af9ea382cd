package io.kinesisopensearch.loader.images;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.mapping.IndexName;
import io.kinesisopensearch.sink.aws.AwsClientConfig;
import io.kinesisopensearch.sink.index.IndexBootstrapConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.RekognitionClientBuilder;

/**
 * How images are labelled and where their documents go.
 *
 * @param index         the index of the image documents ({@code images.index}), a fixed name
 * @param maxLabels     the most labels an image keeps, highest confidence first ({@code images.max-labels})
 * @param minConfidence the least confidence, 0 to 100, of a label kept ({@code images.min-confidence})
 * @param link          the link written into each document, {@code {bucket}} and {@code {key}} filled
 *                      in ({@code images.link}; the key URL-encoded, its slashes kept)
 * @param endpoint      an endpoint override for Rekognition ({@code aws.endpoint-url.rekognition})
 */
public record ImageLabelsConfig(String index, int maxLabels, float minConfidence, String link, Optional<URI> endpoint) {

    /** The setting of {@link #index()}. */
    public static final String INDEX = "images.index";
    /** The setting of {@link #maxLabels()}. */
    public static final String MAX_LABELS = "images.max-labels";
    /** The setting of {@link #minConfidence()}. */
    public static final String MIN_CONFIDENCE = "images.min-confidence";
    /** The setting of {@link #link()}. */
    public static final String LINK = "images.link";
    /** The setting of {@link #endpoint()}. */
    public static final String ENDPOINT_REKOGNITION = "aws.endpoint-url.rekognition";

    /** {@link #index()} when {@code images.index} is unset. */
    public static final String DEFAULT_INDEX = "images";
    private static final String TEMPLATE_RESOURCE = "/io/kinesisopensearch/loader/images/image-labels-template.json";
    /** What DetectLabels returns without MaxLabels is up to 1,000; a document of ten is what a search shows. */
    public static final int DEFAULT_MAX_LABELS = 10;
    /** Rekognition's own default for MinConfidence. */
    public static final String DEFAULT_MIN_CONFIDENCE = "55";
    /** A virtual-hosted-style S3 URL: the object for whoever may read it. */
    public static final String DEFAULT_LINK = "https://{bucket}.s3.amazonaws.com/{key}";

    /**
     * Reads the {@code images.*} settings and the Rekognition endpoint.
     *
     * @param settings the settings
     * @return the configuration, the defaults where a setting is unset; the index lower-cased
     * @throws io.kinesisopensearch.config.ConfigException naming the first invalid setting: an index that is
     *         not a fixed name, labels outside 1 to 1000, a confidence outside 0 to 100, a link without {@code {key}}
     */
    public static ImageLabelsConfig from(Settings settings) {
        String index = settings.get(INDEX, DEFAULT_INDEX);
        if (!IndexName.parse(INDEX, index).isFixed()) {
            throw Settings.invalid(INDEX, index, "must be a fixed index name: an image has no event time to date it by");
        }
        int maxLabels = settings.getInt(MAX_LABELS, DEFAULT_MAX_LABELS, 1, 1000);
        String confidence = settings.get(MIN_CONFIDENCE, DEFAULT_MIN_CONFIDENCE);
        float minConfidence;
        try {
            minConfidence = Float.parseFloat(confidence);
        } catch (NumberFormatException e) {
            minConfidence = -1;
        }
        if (!(minConfidence >= 0 && minConfidence <= 100)) {
            throw Settings.invalid(MIN_CONFIDENCE, confidence, "must be a number from 0 to 100, as Rekognition's MinConfidence");
        }
        String link = settings.get(LINK, DEFAULT_LINK);
        if (!link.contains("{key}")) {
            throw Settings.invalid(LINK, link, "must contain {key} (and usually {bucket}), as in " + DEFAULT_LINK);
        }
        return new ImageLabelsConfig(index.toLowerCase(Locale.ROOT), maxLabels, minConfidence, link,
                settings.findUrl(ENDPOINT_REKOGNITION, "http://localhost:4566"));
    }

    /**
     * The index template of {@link #index()}: labels and their parents as text (with keyword
     * sub-fields), so that a search with fuzziness forgives typos ({@code dgo} finds the dog);
     * confidence a float, the upload time a date, the link stored but not indexed. Named
     * {@code kinesis-opensearch-images-<index>}, priority 10.
     *
     * @return the template's bootstrap, for {@link io.kinesisopensearch.sink.OpenSearchSink#prepare}
     */
    public IndexBootstrapConfig indexTemplate() {
        String json;
        try (InputStream in = ImageLabelsConfig.class.getResourceAsStream(TEMPLATE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("No class-path resource " + TEMPLATE_RESOURCE);
            }
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\"INDEX\"", "\"" + index + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + TEMPLATE_RESOURCE, e);
        }
        return new IndexBootstrapConfig(Optional.of(new IndexBootstrapConfig.JsonFile(INDEX,
                Path.of(TEMPLATE_RESOURCE.substring(1)), json)), "kinesis-opensearch-images-" + index, Optional.empty(), index,
                false);
    }

    /**
     * A Rekognition client with the region and credentials of {@code aws} and this {@link #endpoint()}.
     *
     * @param aws the region and credentials
     * @return a new client, for the caller to close
     */
    public RekognitionClient client(AwsClientConfig aws) {
        RekognitionClientBuilder builder = RekognitionClient.builder().credentialsProvider(aws.credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        aws.region().ifPresent(builder::region);
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
