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

    public static final String SOURCE = "load.source";
    public static final String FORMAT = "load.format";
    public static final String PROGRESS_FILE = "load.progress-file";
    public static final String PROGRESS_INTERVAL = "load.progress-interval";
    public static final String DYNAMODB_KEYS = "load.dynamodb.keys";
    public static final String LIVE_SOURCE = "load.dynamodb.live-source";

    static final String DEFAULT_PROGRESS_FILE = "s3-load-progress.txt";

    public LoadConfig {
        exportKeys = List.copyOf(exportKeys);
    }

    public static LoadConfig from(Settings settings) {
        return from(settings, SOURCE, settings.require(SOURCE, "the objects to load, s3://bucket/prefix"));
    }

    /**
     * The load settings with the objects named by another setting: {@code source}, the value of
     * {@code sourceKey} (the reconcile's source).
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

    /** The source as written: {@code s3://bucket/prefix}. */
    public String describe() {
        return "s3://" + bucket + "/" + prefix;
    }
}
