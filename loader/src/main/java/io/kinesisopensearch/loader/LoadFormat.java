package io.kinesisopensearch.loader;

import java.util.Locale;
import java.util.Optional;

/** How the objects of an S3 load are read (setting {@code load.format}). */
public enum LoadFormat {
    /**
     * A DynamoDB export when the prefix holds a {@code manifest-summary.json}, else per object by
     * its name: {@code .csv} is CSV, {@code .json}, {@code .jsonl} and {@code .ndjson} are NDJSON
     * (each possibly ending in {@code .gz}); other objects are skipped.
     */
    AUTO,
    /** CSV read with the {@code mapping.csv.*} settings; the header, if any, is each object's first line. */
    CSV,
    /** One JSON document a line. */
    NDJSON,
    /** A DynamoDB export to S3 in DYNAMODB_JSON format: the data files its manifest lists. */
    DYNAMODB_EXPORT,
    /**
     * An image, one document labelled by Rekognition ({@code ImageLabelsHook}); the SQS paths
     * recognise images under {@code AUTO} by {@link #isImage}.
     */
    IMAGE;

    /** Image names: Rekognition reads JPEG and PNG, and refuses the others, which then are dead letters. */
    private static final java.util.Set<String> IMAGE_EXTENSIONS = java.util.Set.of(".jpg", ".jpeg", ".png", ".gif",
            ".webp", ".bmp", ".tif", ".tiff", ".heic");

    /** Whether the object is an image, by its name's extension or, when known, its content type. */
    public static boolean isImage(String key, String contentType) {
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("image/")) {
            return true;
        }
        String name = key.toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot >= 0 && IMAGE_EXTENSIONS.contains(name.substring(dot));
    }

    /** The format of an object named {@code key} under {@code AUTO}; empty for an object that is no data. */
    public static Optional<LoadFormat> byName(String key) {
        String name = key.toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        if (name.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        if (name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return Optional.of(NDJSON);
        }
        return Optional.empty();
    }
}
