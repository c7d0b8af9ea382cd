package io.kinesisopensearch.loader;

import io.kinesisopensearch.config.Settings;

/**
 * How S3 events from a queue are applied, in the Lambda function and the {@code SqsLoad} command alike.
 *
 * @param format      how created objects are read ({@code load.format}): {@code AUTO} by name
 *                    ({@code .csv}, {@code .json}, ...), images by name or content type; or one
 *                    of {@code CSV}, {@code NDJSON}, {@code IMAGE} for every object
 * @param objectField the field each document of an object carries so that the object's documents
 *                    are found again ({@code load.object-field}; see {@link io.kinesisopensearch.loader.ObjectMark})
 * @param maxReceives how many times a message whose object fails is received before it goes to the
 *                    dead letters with its reason ({@code sqs.max-receives})
 */
public record S3EventsConfig(LoadFormat format, String objectField, int maxReceives) {

    /** The setting of {@link #objectField()}. */
    public static final String OBJECT_FIELD = "load.object-field";
    /** The setting of {@link #maxReceives()}. */
    public static final String MAX_RECEIVES = "sqs.max-receives";

    /** {@link #objectField()} when {@code load.object-field} is unset. */
    public static final String DEFAULT_OBJECT_FIELD = "s3";
    /** {@link #maxReceives()} when {@code sqs.max-receives} is unset. */
    public static final int DEFAULT_MAX_RECEIVES = 5;

    /**
     * Reads {@code load.format}, {@code load.object-field} and {@code sqs.max-receives}.
     *
     * @param settings the settings
     * @return the configuration, the defaults where a setting is unset
     * @throws io.kinesisopensearch.config.ConfigException naming the first invalid setting: a format of
     *         {@code DYNAMODB_EXPORT}, a field starting with {@code _} or holding a dot, a count outside 1 to 1000
     */
    public static S3EventsConfig from(Settings settings) {
        LoadFormat format = settings.getEnum(LoadConfig.FORMAT, LoadFormat.class, LoadFormat.AUTO);
        if (format == LoadFormat.DYNAMODB_EXPORT) {
            throw Settings.invalid(LoadConfig.FORMAT, format.name(), "an export is loaded with the S3Load command,"
                    + " which reads its manifests; for S3 events the allowed values are AUTO, CSV, NDJSON and IMAGE");
        }
        String field = settings.get(OBJECT_FIELD, DEFAULT_OBJECT_FIELD);
        if (field.startsWith("_") || field.contains(".")) {
            throw Settings.invalid(OBJECT_FIELD, field, "a top-level field name, not starting with '_' (OpenSearch's own fields)");
        }
        return new S3EventsConfig(format, field, settings.getInt(MAX_RECEIVES, DEFAULT_MAX_RECEIVES, 1, 1000));
    }
}
