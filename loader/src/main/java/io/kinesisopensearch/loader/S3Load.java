package io.kinesisopensearch.loader;

import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.loader.images.ImageLabelsConfig;
import io.kinesisopensearch.loader.images.ImageLabelsHook;
import io.kinesisopensearch.mapping.MappingConfig;
import io.kinesisopensearch.sink.OpenSearchSink;
import io.kinesisopensearch.sink.aws.AwsClientConfig;
import io.kinesisopensearch.sink.batch.Ledger;
import io.kinesisopensearch.sink.bulk.Deadline;
import io.kinesisopensearch.sink.bulk.OutOfTimeException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The initial load and backfill command: reads the objects under {@code load.source} (CSV, NDJSON,
 * gzip of either, or a DynamoDB export) through the mapping and sink the worker uses,
 * object after object, with progress on stderr. Objects finished are recorded in
 * {@code load.progress-file}; a rerun skips them. Run as
 * {@code java -cp 'consumer/target/*:consumer/target/lib/*' io.kinesisopensearch.loader.S3Load} (the worker's
 * image carries the loader)
 * with the worker's settings plus {@code load.*}.
 *
 * <p>Exit status: 0 when every row is indexed (or superseded by a newer version), 3 when some rows
 * went to the dead letters or an object could not be read (the others are loaded; run again after
 * the fix), 2 for a bad setting, 1 when the load stopped (OpenSearch, S3 or the progress file).
 */
public final class S3Load {

    private static final Logger LOG = LoggerFactory.getLogger(S3Load.class);

    /**
     * What a load did.
     *
     * @param objects       data objects found under the source
     * @param loaded        objects loaded this time
     * @param skipped       objects skipped as loaded by an earlier run
     * @param failedObjects objects that could not be read (a malformed CSV header, a broken gzip)
     * @param rows          rows read
     * @param documents     actions OpenSearch accepted
     * @param stale         actions refused because the index holds a newer version
     * @param deadLetters   rows stored in the dead letters
     * @param progress      the last progress line
     * @param records       the loaded objects' ledgers together: each row's one outcome (see {@link Ledger})
     */
    public record Summary(int objects, int loaded, int skipped, int failedObjects, long rows, long documents,
            long stale, long deadLetters, String progress, Ledger.Account records) {
    }

    private S3Load() {
    }

    /**
     * Loads with the settings of the environment and exits with the status above.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Summary summary;
        try {
            summary = load(Settings.fromEnvironment(), System.err, System.console() != null);
        } catch (ConfigException e) {
            System.err.println("Configuration error: " + e.getMessage());
            System.exit(ConfigException.EXIT_STATUS);
            return;
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.err.println("Load failed: " + e);
            System.exit(1);
            return;
        }
        System.out.println("Loaded " + summary.loaded() + " of " + summary.objects() + " objects (" + summary.skipped()
                + " skipped as loaded, " + summary.failedObjects() + " unreadable): " + summary.rows() + " rows, "
                + summary.documents() + " documents written, " + summary.stale() + " older than the index, "
                + summary.deadLetters() + " dead letters; rows " + summary.records());
        System.exit(summary.deadLetters() == 0 && summary.failedObjects() == 0 ? 0 : 3);
    }

    /**
     * Loads every object of {@code load.source} not yet recorded as loaded.
     *
     * An object that cannot be read is logged, counted and left for a rerun; the others are loaded.
     *
     * @param settings    the worker's settings plus {@code load.*}
     * @param progressOut where progress goes
     * @param console     whether {@code progressOut} is a console: a bar redrawn in place
     * @return what the load did
     * @throws ConfigException      when a setting is missing or invalid
     * @throws IOException          when an export's manifest or the progress file cannot be read, or
     *                              the progress file cannot be written
     * @throws InterruptedException when the thread is interrupted while the load writes
     */
    public static Summary load(Settings settings, PrintStream progressOut, boolean console)
            throws IOException, InterruptedException {
        LoadConfig config = LoadConfig.from(settings);
        MappingConfig.from(settings); // a bad mapping stops the load before anything is listed
        AwsClientConfig aws = AwsClientConfig.from(settings);
        // load.format=IMAGE labels every object under the prefix as an image.
        Optional<ImageLabelsConfig> images = config.format() == LoadFormat.IMAGE
                ? Optional.of(ImageLabelsConfig.from(settings)) : Optional.empty();
        try (OpenSearchSink sink = OpenSearchSink.builder().settings(settings).aws(aws).build();
                S3Client s3 = aws.s3Client();
                RekognitionClient rekognition = images.isPresent() ? images.get().client(aws) : null;
                LoadedObjects done = LoadedObjects.open(config.progressFile())) {
            LoadPlan plan = LoadPlan.find(s3, config, aws);
            if (images.isPresent()) {
                sink.prepare(images.get().indexTemplate());
            }
            ObjectLoader loader = ObjectLoader.create(settings, s3, sink, plan.exportItems(),
                    images.map(labels -> new ImageLabelsHook(labels, rekognition)));
            LOG.info("Loading {} objects from {} into {}; {} recorded as loaded in {}", plan.objects().size(),
                    config.describe(), loader.index(), done.size(), config.progressFile());
            return run(plan, loader, done, new LoadProgress(progressOut, console, config.progressEvery(),
                    plan.objects().size()));
        }
    }

    private static Summary run(LoadPlan plan, ObjectLoader loader, LoadedObjects done, LoadProgress progress)
            throws IOException, InterruptedException {
        int loaded = 0;
        int skipped = 0;
        int failed = 0;
        long rows = 0;
        long documents = 0;
        long stale = 0;
        long deadLetters = 0;
        Ledger.Account records = Ledger.Account.NONE;
        try (progress) {
            for (LoadPlan.Item object : plan.objects()) {
                if (done.isLoaded(plan.bucket(), object.key(), object.etag())) {
                    skipped++;
                    progress.skipped();
                    continue;
                }
                ObjectLoader.Counts counts;
                try {
                    counts = loader.load(plan.bucket(), object.key(), object.format(), progress::bytesRead,
                            Deadline.NONE);
                } catch (OutOfTimeException e) {
                    throw new IllegalStateException("a load without deadline ran out of time", e);
                } catch (IOException e) {
                    // This object only: the others are still loaded; it is not recorded, so a rerun tries again.
                    LOG.error("Cannot load s3://{}/{}: {}", plan.bucket(), object.key(), e.getMessage());
                    failed++;
                    continue;
                }
                done.record(plan.bucket(), object.key(), counts.etag());
                progress.loaded(counts);
                loaded++;
                rows += counts.rows();
                documents += counts.acknowledged();
                stale += counts.stale();
                deadLetters += counts.deadLetters();
                records = records.plus(counts.records());
            }
        }
        return new Summary(plan.objects().size(), loaded, skipped, failed, rows, documents, stale, deadLetters,
                progress.line(), records);
    }

}
