package io.kinesisopensearch.loader.reindex;

import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.decode.ActionType;
import io.kinesisopensearch.loader.LoadConfig;
import io.kinesisopensearch.loader.reconcile.ReconcileConfig;
import io.kinesisopensearch.mapping.MappingConfig;
import io.kinesisopensearch.sink.client.AwsSigning;
import io.kinesisopensearch.sink.index.IndexBootstrapConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What a reindex of the alias {@code opensearch.index} does: the new index gets the template or
 * index settings the writers' settings name ({@code opensearch.index-template},
 * {@code opensearch.index-settings}), and is backfilled from {@code reindex.source}. The settle
 * time, work folder and scan segments are the reconcile's.
 *
 * @param alias      the alias ({@code opensearch.index}, with {@code opensearch.index-alias=true})
 * @param source     where the new index is backfilled from, as written
 * @param kind       what kind of source that is
 * @param bootstrap  the new index's template or settings
 * @param settleTime how long a change written to one index may take to reach the other ({@code reconcile.settle-time})
 * @param workDir    where the check's bucket files and an S3 backfill's progress go ({@code reconcile.work-dir})
 * @param segments   how many segments of a table are scanned at once ({@code reconcile.scan-segments})
 */
public record ReindexConfig(String alias, String source, SourceKind kind, IndexBootstrapConfig bootstrap,
        Duration settleTime, Path workDir, int segments) {

    /** The setting of what the new index is backfilled from. */
    public static final String SOURCE = "reindex.source";

    /** What the new index is backfilled from. */
    public enum SourceKind {
        /** The current index, copied with each document's version: for sources that keep no full copy (a Kinesis stream). */
        INDEX,
        /** A DynamoDB table, scanned; checked against the table. */
        TABLE,
        /** Objects under an S3 prefix, or a DynamoDB export, loaded as the S3 load does; checked against the current index. */
        OBJECTS
    }

    static final String TABLE_SCHEME = "dynamodb:";
    static final String INDEX_SOURCE = "index";

    /**
     * Reads and checks the reindex's settings.
     *
     * @param settings the writers' settings plus {@code reindex.source}
     * @return the configuration
     * @throws ConfigException in one line, when a setting is missing or invalid, or the target
     *         cannot be reindexed (a Serverless collection, no alias, upserts, no new mapping)
     */
    public static ReindexConfig from(Settings settings) {
        Optional<String> collection = settings.find(AwsSigning.COLLECTION_TYPE);
        if (collection.isPresent()) {
            throw Settings.invalid(AwsSigning.COLLECTION_TYPE, collection.get(), "reindex refuses an OpenSearch"
                    + " Serverless collection: it lacks what the reindex relies on (a write index behind an alias"
                    + " moved in one _aliases request, scroll, _refresh, refresh_interval); reindex into a new"
                    + " collection and point the writers at it instead");
        }
        String alias = IndexBootstrapConfig.alias(settings).orElseThrow(() -> new ConfigException(
                "reindex needs " + Settings.describe(IndexBootstrapConfig.ALIAS) + " = true: the writers must write"
                        + " through an alias the reindex can move; a plain index cannot be swapped"));
        MappingConfig mapping = MappingConfig.from(settings);
        if (mapping.action() == ActionType.UPSERT) {
            throw Settings.invalid(MappingConfig.ACTION, "UPSERT", "reindex refuses upserts: an update takes no"
                    + " external version, so the backfill could overwrite a newer upserted document");
        }
        IndexBootstrapConfig bootstrap = IndexBootstrapConfig.from(settings, mapping.index());
        if (bootstrap.template().isEmpty() && bootstrap.indexSettings().isEmpty()) {
            throw new ConfigException("reindex needs the new index's mapping: "
                    + Settings.describe(IndexBootstrapConfig.TEMPLATE) + " (matching " + alias + "-*) or "
                    + Settings.describe(IndexBootstrapConfig.INDEX_SETTINGS));
        }
        String source = settings.get(SOURCE, INDEX_SOURCE);
        SourceKind kind;
        if (source.equals(INDEX_SOURCE)) {
            kind = SourceKind.INDEX;
        } else if (source.startsWith(TABLE_SCHEME) && source.substring(TABLE_SCHEME.length())
                .matches("[A-Za-z0-9_.-]{3,255}")) {
            kind = SourceKind.TABLE;
        } else if (source.startsWith("s3://")) {
            LoadConfig.from(settings, SOURCE, source);
            kind = SourceKind.OBJECTS;
        } else {
            throw Settings.invalid(SOURCE, source, "must be index (a copy of the current index), dynamodb:<table>"
                    + " or s3://bucket/prefix");
        }
        String workDir = settings.get(ReconcileConfig.WORK_DIR, "");
        return new ReindexConfig(alias, source, kind, bootstrap,
                settings.getDuration(ReconcileConfig.SETTLE_TIME, Duration.ofSeconds(5)),
                Path.of(workDir.isEmpty() ? System.getProperty("java.io.tmpdir") : workDir),
                settings.getInt(ReconcileConfig.SCAN_SEGMENTS, 4, 1, 1_000));
    }

    /** The table of a {@link SourceKind#TABLE} source. */
    String table() {
        return source.substring(TABLE_SCHEME.length());
    }
}
