package io.kinesisopensearch.loader;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.config.SourceType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * What the S3 load reads and how: the objects under an S3 prefix, their format, where the objects
 * already loaded are recorded, and for a DynamoDB export the table's keys and which live pipeline
 * its versions must agree with. The mapping, bulk, dead-letter and AWS settings are the worker's.
 *
 * @param bucket        the bucket of {@code load.source}
 * @param prefix        the key prefix of {@code load.source}, possibly empty
 * @param format        how objects are read ({@code load.format})
 * @param progressFile  the file recording objects loaded, one line each ({@code load.progress-file})
 * @param progressEvery how often progress is printed when stderr is not a console
 *                      ({@code load.progress-interval})
 * @param exportKeys    the table's key attribute names for a DynamoDB export ({@code load.dynamodb.keys});
 *                      empty: asked of DynamoDB with DescribeTable
 * @param liveSource    the pipeline that runs beside an export's load, whose versions the export's
 *                      items must compare with ({@code load.dynamodb.live-source}; default the
 *                      worker's {@code source.type})
 */
public record LoadConfig(String bucket, String prefix, LoadFormat format, Path progressFile, Duration progressEvery,
        List<String> exportKeys, SourceType liveSource) {

    /** The setting of the objects to load, {@code s3://bucket/prefix}: {@link #bucket()} and {@link #prefix()}. */
    public static final String SOURCE = "load.source";
    /** The setting of {@link #format()}. */
    public static final String FORMAT = "load.format";
    /** The setting of {@link #progressFile()}. */
    public static final String PROGRESS_FILE = "load.progress-file";
    /** The setting of {@link #progressEvery()}. */
    public static final String PROGRESS_INTERVAL = "load.progress-interval";
    /** The setting of {@link #exportKeys()}. */
    public static final String DYNAMODB_KEYS = "load.dynamodb.keys";
    /** The setting of {@link #liveSource()}. */
    public static final String LIVE_SOURCE = "load.dynamodb.live-source";

    static final String DEFAULT_PROGRESS_FILE = "s3-load-progress.txt";

    /**
     * Keeps an unmodifiable copy of {@code exportKeys}.
     *
     * @param bucket        the bucket of the objects
     * @param prefix        their key prefix, possibly empty
     * @param format        how objects are read
     * @param progressFile  the file recording objects loaded
     * @param progressEvery how often progress is printed when stderr is not a console
     * @param exportKeys    a DynamoDB export's key attribute names; empty: asked of DynamoDB
     * @param liveSource    the pipeline whose versions an export's items must compare with
     */
    public LoadConfig {
        exportKeys = List.copyOf(exportKeys);
    }

    /**
     * Reads the {@code load.*} settings.
     *
     * @param settings the settings, {@code load.source} among them
     * @return the configuration, the defaults where an optional setting is unset
     * @throws io.kinesisopensearch.config.ConfigException when {@code load.source} is unset or a setting is invalid
     */
    public static LoadConfig from(Settings settings) {
        return from(settings, SOURCE, settings.require(SOURCE, "the objects to load, s3://bucket/prefix"));
    }

    /**
     * The load settings with the objects named by another setting: {@code source}, the value of
     * {@code sourceKey} (the reconcile's source).
     *
     * @param settings  the other {@code load.*} settings
     * @param sourceKey the setting {@code source} comes from, named in an error
     * @param source    the objects, {@code s3://bucket} or {@code s3://bucket/prefix}
     * @return the configuration, the defaults where an optional setting is unset
     * @throws io.kinesisopensearch.config.ConfigException when {@code source} is no such URI or a setting is invalid
     */
    public static LoadConfig from(Settings settings, String sourceKey, String source) {
        if (!source.startsWith("s3://") || source.length() <= 5 || source.charAt(5) == '/') {
            throw Settings.invalid(sourceKey, source, "must be s3://bucket or s3://bucket/prefix");
        }
        String path = source.substring(5);
        int slash = path.indexOf('/');
        String bucket = slash < 0 ? path : path.substring(0, slash);
        String prefix = slash < 0 ? "" : path.substring(slash + 1);
        List<String> keys = settings.find(DYNAMODB_KEYS)
                .map(text -> Arrays.stream(text.split(",")).map(String::trim).toList()).orElse(List.of());
        if (keys.contains("") || keys.size() > 2) {
            throw Settings.invalid(DYNAMODB_KEYS, String.join(",", keys),
                    "names the table's partition key and, if it has one, its sort key: pk or pk,sk");
        }
        SourceType worker = SourceType.from(settings);
        return new LoadConfig(bucket, prefix,
                settings.getEnum(FORMAT, LoadFormat.class, LoadFormat.AUTO),
                Path.of(settings.get(PROGRESS_FILE, DEFAULT_PROGRESS_FILE)),
                settings.getDuration(PROGRESS_INTERVAL, Duration.ofSeconds(5)),
                keys,
                settings.getEnum(LIVE_SOURCE, SourceType.class, worker));
    }

    /**
     * The source as written.
     *
     * @return {@code s3://bucket/prefix}
     */
    public String describe() {
        return "s3://" + bucket + "/" + prefix;
    }
}
