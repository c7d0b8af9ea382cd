package io.kinesisopensearch.loader.images;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.decode.Json;
import io.kinesisopensearch.mapping.DocumentAction;
import io.kinesisopensearch.mapping.RecordHook;
import io.kinesisopensearch.mapping.RecordMapper;
import io.kinesisopensearch.mapping.RetryLaterException;
import io.kinesisopensearch.record.MappingException;
import io.kinesisopensearch.record.SourceRecord;
import io.kinesisopensearch.sink.aws.AwsClientConfig;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.AccessDeniedException;
import software.amazon.awssdk.services.rekognition.model.DetectLabelsResponse;
import software.amazon.awssdk.services.rekognition.model.Label;
import software.amazon.awssdk.services.rekognition.model.LimitExceededException;
import software.amazon.awssdk.services.rekognition.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.rekognition.model.RekognitionException;
import software.amazon.awssdk.services.rekognition.model.ThrottlingException;

/**
 * Makes images searchable by what they show: a {@link RecordHook} whose records are references to
 * images in S3 ({@link ImageObject}'s JSON), each labelled by Amazon Rekognition's
 * {@code DetectLabels} with the S3 object itself (Rekognition reads it, with the caller's
 * permission), and written as one document per image into {@code images.index}: bucket, key,
 * version, size, content type, upload time, the labels with their confidence, parents, aliases
 * and categories, every label name once in {@code labelNames}, and a link to the object. The id
 * is bucket, key and version, so that labelling an image again rewrites its document.
 *
 * <ul>
 * <li>Throttling ({@code ProvisionedThroughputExceededException}, {@code ThrottlingException},
 *     {@code LimitExceededException}), Rekognition's own failures (5xx), a network failure and
 *     {@code AccessDeniedException} (an operator fixes it) are a {@link RetryLaterException}: the
 *     record is held and labelled again, never a dead letter for it.</li>
 * <li>An image Rekognition refuses ({@code InvalidImageFormatException},
 *     {@code ImageTooLargeException}, {@code InvalidS3ObjectException}, ...) is a dead letter whose
 *     reason names the object and Rekognition's error.</li>
 * </ul>
 *
 * <p>The loader uses it for the images of S3 events; as {@code mapping.hook} it labels the S3
 * references of any other source. Thread-safe.
 */
public final class ImageLabelsHook implements RecordHook {

    private final ImageLabelsConfig config;
    private final RekognitionClient rekognition;

    /**
     * The hook as {@code mapping.hook} makes it, with a Rekognition client of its own.
     *
     * @param settings {@code images.*} and the AWS settings
     * @throws io.kinesisopensearch.config.ConfigException naming the first invalid setting
     */
    public ImageLabelsHook(Settings settings) {
        this(ImageLabelsConfig.from(settings), ImageLabelsConfig.from(settings).client(AwsClientConfig.from(settings)));
    }

    /**
     * A hook calling {@code rekognition}, which the caller closes.
     *
     * @param config      the index, the labels kept and the link
     * @param rekognition the client {@code DetectLabels} is called with
     */
    public ImageLabelsHook(ImageLabelsConfig config, RekognitionClient rekognition) {
        this.config = config;
        this.rekognition = rekognition;
    }

    /**
     * The index the documents go to.
     *
     * @return {@link ImageLabelsConfig#index()}
     */
    public String index() {
        return config.index();
    }

    @Override
    public List<DocumentAction> map(SourceRecord record, RecordMapper settings) throws MappingException {
        ImageObject image = ImageObject.of(record);
        DetectLabelsResponse labels;
        try {
            labels = rekognition.detectLabels(request -> request
                    .image(picture -> picture.s3Object(object -> object.bucket(image.bucket()).name(image.key())
                            .version(image.versionId())))
                    .maxLabels(config.maxLabels())
                    .minConfidence(config.minConfidence()));
        } catch (ProvisionedThroughputExceededException | ThrottlingException | LimitExceededException
                | AccessDeniedException e) {
            throw new RetryLaterException("Rekognition answered " + code(e) + " for " + image.uri(), e);
        } catch (RekognitionException e) {
            if (e.statusCode() >= 500) {
                throw new RetryLaterException("Rekognition answered " + code(e) + " for " + image.uri(), e);
            }
            throw new MappingException(record.coordinates(), "Rekognition refused " + image.uri() + ": " + code(e));
        } catch (SdkClientException e) {
            throw new RetryLaterException("Rekognition unreachable for " + image.uri() + ": " + e.getMessage(), e);
        }
        return List.of(DocumentAction.index(config.index(), image.documentId(), document(image, labels)));
    }

    private byte[] document(ImageObject image, DetectLabelsResponse response) {
        ObjectNode document = Json.nodes().objectNode();
        document.put("bucket", image.bucket()).put("key", image.key());
        if (image.versionId() != null) {
            document.put("versionId", image.versionId());
        }
        if (image.size() >= 0) {
            document.put("size", image.size());
        }
        if (image.contentType() != null) {
            document.put("contentType", image.contentType());
        }
        if (image.lastModified() != null) {
            document.put("uploaded", image.lastModified().toString());
        }
        if (image.etag() != null) {
            document.put("etag", image.etag());
        }
        document.put("link", link(image));
        ArrayNode labels = document.putArray("labels");
        Set<String> names = new LinkedHashSet<>();
        for (Label label : response.labels()) {
            ObjectNode entry = labels.addObject();
            entry.put("name", label.name());
            entry.put("confidence", label.confidence());
            names.add(label.name());
            ArrayNode parents = entry.putArray("parents");
            label.parents().forEach(parent -> {
                parents.add(parent.name());
                names.add(parent.name());
            });
            ArrayNode aliases = entry.putArray("aliases");
            label.aliases().forEach(alias -> {
                aliases.add(alias.name());
                names.add(alias.name());
            });
            ArrayNode categories = entry.putArray("categories");
            label.categories().forEach(category -> categories.add(category.name()));
        }
        ArrayNode labelNames = document.putArray("labelNames");
        names.forEach(labelNames::add);
        if (response.labelModelVersion() != null) {
            document.put("labelModelVersion", response.labelModelVersion());
        }
        try {
            return Json.mapper().writeValueAsBytes(document);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree that cannot be written", e);
        }
    }

    /** {@code images.link} filled in; the key URL-encoded as a path, its slashes kept. */
    String link(ImageObject image) {
        String key = URLEncoder.encode(image.key(), StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
        return config.link().replace("{bucket}", image.bucket()).replace("{key}", key);
    }

    private static String code(RekognitionException e) {
        String code = e.awsErrorDetails() == null ? e.getClass().getSimpleName() : e.awsErrorDetails().errorCode();
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        return code + (message == null ? "" : " (" + message + ")");
    }
}
