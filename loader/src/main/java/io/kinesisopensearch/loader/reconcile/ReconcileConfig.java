package io.kinesisopensearch.loader.reconcile;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.config.SourceType;
import io.kinesisopensearch.loader.LoadConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What the reconcile compares the index with and how: a DynamoDB table or what is stored under an
 * S3 prefix (objects as the load reads them, or a DynamoDB export, with the load's
 * {@code load.format}, {@code load.dynamodb.keys} and {@code load.dynamodb.live-source}). The
 * mapping, bulk, dead-letter and AWS settings are the worker's.
 *
 * @param source        the source as written ({@code reconcile.source})
 * @param table         for {@code dynamodb:<table>}, the table
 * @param objects       for {@code s3://bucket/prefix}, the objects and how they are read
 * @param scanSegments  how many segments of a table are scanned in parallel ({@code reconcile.scan-segments})
 * @param settleTime    how long the live pipeline may take to index a change ({@code reconcile.settle-time}):
 *                      an item found different is read again no sooner than this after it was
 *                      first read, and again this long after each change it shows
 * @param workDir       where the temporary bucket files go ({@code reconcile.work-dir})
 * @param reportIds     how many ids of each kind of difference are printed ({@code reconcile.report-ids})
 * @param progressEvery how often progress is printed when stderr is not a console
 *                      ({@code reconcile.progress-interval})
 * @param liveSource    the pipeline whose versions a table's repaired items must compare with
 *                      ({@code load.dynamodb.live-source}, default the worker's {@code source.type})
 */
public record ReconcileConfig(String source, Optional<String> table, Optional<LoadConfig> objects, int scanSegments,
        Duration settleTime, Path workDir, int reportIds, Duration progressEvery, SourceType liveSource) {

    /** The setting of {@link #source()}: {@code dynamodb:<table>} or {@code s3://bucket/prefix}. */
    public static final String SOURCE = "reconcile.source";
    /** The setting of {@link #scanSegments()}. */
    public static final String SCAN_SEGMENTS = "reconcile.scan-segments";
    /** The setting of {@link #settleTime()}. */
    public static final String SETTLE_TIME = "reconcile.settle-time";
    /** The setting of {@link #workDir()}. */
    public static final String WORK_DIR = "reconcile.work-dir";
    /** The setting of {@link #reportIds()}. */
    public static final String REPORT_IDS = "reconcile.report-ids";
    /** The setting of {@link #progressEvery()}. */
    public static final String PROGRESS_INTERVAL = "reconcile.progress-interval";

    static final String TABLE_SCHEME = "dynamodb:";

    /**
     * Reads the reconcile's settings.
     *
     * @param settings the settings, {@code reconcile.source} among them; for objects also {@code load.*}
     * @return the configuration; unset: 4 segments, 5 s to settle, the system's temporary directory,
     *         10 ids, progress every 5 s
     * @throws io.kinesisopensearch.config.ConfigException naming the first missing or invalid setting
     */
    public static ReconcileConfig from(Settings settings) {
        String source = settings.require(SOURCE, "what the index is compared with: dynamodb:<table> or s3://bucket/prefix");
        return from(settings, source);
    }

    /** The settings for another index as the source: neither a table nor objects, the rest as set. */
    static ReconcileConfig forIndex(Settings settings, String index) {
        ReconcileConfig config = from(settings, TABLE_SCHEME + "unused");
        return new ReconcileConfig("index " + index, Optional.empty(), Optional.empty(), config.scanSegments(),
                config.settleTime(), config.workDir(), config.reportIds(), config.progressEvery(), config.liveSource());
    }

    private static ReconcileConfig from(Settings settings, String source) {
        Optional<String> table = Optional.empty();
        Optional<LoadConfig> objects = Optional.empty();
        if (source.startsWith(TABLE_SCHEME)) {
            String name = source.substring(TABLE_SCHEME.length());
            if (!name.matches("[A-Za-z0-9_.-]{3,255}")) {
                throw Settings.invalid(SOURCE, source, "dynamodb: must be followed by a table name"
                        + " (3 to 255 letters, digits, '_', '-' or '.')");
            }
            table = Optional.of(name);
        } else if (source.startsWith("s3://")) {
            objects = Optional.of(LoadConfig.from(settings, SOURCE, source));
        } else {
            throw Settings.invalid(SOURCE, source, "must be dynamodb:<table> or s3://bucket/prefix");
        }
        String workDir = settings.get(WORK_DIR, "");
        return new ReconcileConfig(source, table, objects,
                settings.getInt(SCAN_SEGMENTS, 4, 1, 1_000),
                settings.getDuration(SETTLE_TIME, Duration.ofSeconds(5)),
                Path.of(workDir.isEmpty() ? System.getProperty("java.io.tmpdir") : workDir),
                settings.getInt(REPORT_IDS, 10, 0, 10_000),
                settings.getDuration(PROGRESS_INTERVAL, Duration.ofSeconds(5)),
                settings.getEnum(LoadConfig.LIVE_SOURCE, SourceType.class, SourceType.from(settings)));
    }
}
