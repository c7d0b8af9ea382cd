package io.kinesisopensearch.loader.reconcile;

import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.loader.LoadConfig;
import io.kinesisopensearch.loader.LoadPlan;
import io.kinesisopensearch.loader.ObjectMappers;
import io.kinesisopensearch.mapping.IdStrategy;
import io.kinesisopensearch.mapping.MappingConfig;
import io.kinesisopensearch.sink.OpenSearchSink;
import io.kinesisopensearch.sink.aws.AwsClientConfig;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The reconcile command: compares a source of truth with the index, id by id, and with
 * {@code --repair} makes the index equal to it. The source is a DynamoDB table
 * ({@code reconcile.source=dynamodb:<table>}, scanned in parallel segments), or what is stored
 * under an S3 prefix ({@code s3://bucket/prefix}: CSV and NDJSON objects, or a DynamoDB export, read
 * as the S3 load reads them). Every item goes through the mapping the pipelines use, hooks
 * included, which gives the index, id and document it must have; a document matches when its
 * {@code _source} has the same canonical JSON (field order and number notation aside) and, where
 * the mapping takes versions from a field, the same external version.
 *
 * <p>Each id is <b>matching</b>, <b>missing</b> (in the source, not in the index), <b>stale</b>
 * (another version or document) or <b>extra</b> (in the index, not in the source). Neither side is
 * held in memory: both are spread over bucket files by a hash of the id and compared bucket by
 * bucket ({@code Partitions} says why). An id found different is read again, from the index and
 * the table, before it counts ({@code Recheck}), so that it runs beside a live worker without
 * false alarms. The repair writes through the sink and the mapping with the source's versions and
 * deletes extras with theirs ({@code Repair}): a live change made meanwhile still wins.
 *
 * <p>Run as {@code java -cp 'consumer/target/*:consumer/target/lib/*'
 * io.kinesisopensearch.loader.reconcile.Reconcile [--repair]} with the worker's settings plus
 * {@code reconcile.*}. Prints its progress on stderr and its report on stdout. Exit status: 0 when
 * the index equals the source, 3 when they differ (repaired or not), 2 for a bad setting, 1 when
 * it could not run.
 */
public final class Reconcile {

    private static final Logger LOG = LoggerFactory.getLogger(Reconcile.class);

    /** A bucket whose source file is larger is split before it is compared: at most a few tens of MiB of heap. */
    static final long MAX_BUCKET_BYTES = 16L << 20;

    /** Told when each side has been read; for tests that change the data between the phases. */
    public interface Observer {
        /**
         * The source has been read whole; the index is read next.
         *
         * @throws IOException to stop the reconcile, whose {@code run} throws it
         */
        default void sourceRead() throws IOException {
        }

        /**
         * The index has been read whole; the comparison and the second readings come next.
         *
         * @throws IOException to stop the reconcile, whose {@code run} throws it
         */
        default void indexRead() throws IOException {
        }
    }

    private Reconcile() {
    }

    /**
     * Reconciles with the settings of the environment, prints the report on stdout and exits with
     * the status above.
     *
     * @param args {@code --repair} to repair the differences, or nothing to only report them
     */
    public static void main(String[] args) {
        boolean repair = false;
        for (String arg : args) {
            if (arg.equals("--repair")) {
                repair = true;
            } else {
                System.err.println("Usage: Reconcile [--repair]   (unknown argument " + arg + ")");
                System.exit(ConfigException.EXIT_STATUS);
                return;
            }
        }
        ReconcileReport report;
        try {
            report = run(Settings.fromEnvironment(), repair, System.err, System.console() != null);
        } catch (ConfigException e) {
            System.err.println("Configuration error: " + e.getMessage());
            System.exit(ConfigException.EXIT_STATUS);
            return;
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.err.println("Reconcile failed: " + e);
            System.exit(1);
            return;
        }
        System.out.println(report.text());
        System.exit(report.equal() ? 0 : 3);
    }

    /**
     * Compares the source of {@code reconcile.source} with the index, and repairs the differences
     * when {@code repair}.
     *
     * @param settings    the worker's settings plus {@code reconcile.*}
     * @param repair      whether to make the index equal to the source, or only to report
     * @param progressOut where progress goes
     * @param console     whether {@code progressOut} is a console: a bar redrawn in place
     * @return what was found and, with {@code repair}, what was repaired
     * @throws ConfigException      when a setting is missing or invalid
     * @throws IOException          when the work directory's files cannot be written or read, or the
     *                              source or the index cannot be read
     * @throws InterruptedException when interrupted while waiting: for the settle time, or to retry
     */
    public static ReconcileReport run(Settings settings, boolean repair, PrintStream progressOut, boolean console)
            throws IOException, InterruptedException {
        return run(settings, repair, progressOut, console, new Observer() { });
    }

    /**
     * As {@link #run(Settings, boolean, PrintStream, boolean)}, telling {@code observer} of each phase.
     *
     * @param settings    the worker's settings plus {@code reconcile.*}
     * @param repair      whether to make the index equal to the source, or only to report
     * @param progressOut where progress goes
     * @param console     whether {@code progressOut} is a console: a bar redrawn in place
     * @param observer    told when each side has been read
     * @return what was found and, with {@code repair}, what was repaired
     * @throws ConfigException      when a setting is missing or invalid
     * @throws IOException          when the work directory's files cannot be written or read, the
     *                              source or the index cannot be read, or {@code observer} throws it
     * @throws InterruptedException when interrupted while waiting: for the settle time, or to retry
     */
    public static ReconcileReport run(Settings settings, boolean repair, PrintStream progressOut, boolean console,
            Observer observer) throws IOException, InterruptedException {
        ReconcileConfig config = ReconcileConfig.from(settings);
        ObjectMappers mappers = ObjectMappers.from(settings);
        AwsClientConfig aws = AwsClientConfig.from(settings);
        boolean versions = mappers.mapping().versionPointer().isPresent();
        return run(settings, config, mappers.mapping(), versions, repair, progressOut, console, observer,
                (sink, bytes) -> open(config, aws, mappers, versions, bytes));
    }

    /**
     * Compares the index of {@code opensearch.index} with another index, id by id: each document of
     * {@code sourceIndex} must be in it with the same {@code _source} (in canonical JSON) and, when
     * {@code versions}, the same {@code _version}; no other document may be. An id found different is
     * read again from both (after {@code reconcile.settle-time}), so documents written to both while
     * it runs settle. How a reindex checks its copy of an index. Nothing is repaired.
     *
     * @param settings    the settings: {@code opensearch.*}, {@code opensearch.index} the index
     *                    checked, {@code reconcile.*} but its source
     * @param sourceIndex the index it must equal
     * @param versions    whether the versions must be equal too
     * @param progressOut where progress goes
     * @param console     whether {@code progressOut} is a console
     * @return the report; {@link ReconcileReport#equal()} when the two are equal
     * @throws IOException          when an index cannot be read
     * @throws InterruptedException when the thread is interrupted
     */
    public static ReconcileReport compareIndexes(Settings settings, String sourceIndex, boolean versions,
            PrintStream progressOut, boolean console) throws IOException, InterruptedException {
        ReconcileConfig config = ReconcileConfig.forIndex(settings, sourceIndex);
        MappingConfig mapping = MappingConfig.from(settings);
        return run(settings, config, mapping, versions, false, progressOut, console, new Observer() { },
                (sink, bytes) -> new IndexSource(new IndexReader(sink.client(), sourceIndex, sink.bulk().retry()),
                        mapping.index().toString(), versions));
    }

    /** Opens the source, with the sink at hand. */
    private interface SourceOpener {
        Source open(OpenSearchSink sink, AtomicLong bytes) throws IOException;
    }

    private static ReconcileReport run(Settings settings, ReconcileConfig config, MappingConfig mapping, boolean versions,
            boolean repair, PrintStream progressOut, boolean console, Observer observer, SourceOpener opener)
            throws IOException, InterruptedException {
        AwsClientConfig aws = AwsClientConfig.from(settings);
        String target = mapping.index().isFixed() ? mapping.index().toString()
                : mapping.index().toString().replaceAll("\\{[^}]*}", "*");
        Comparison comparison = new Comparison(mapping.index().isFixed(), versions);
        Files.createDirectories(config.workDir());
        Path work = Files.createTempDirectory(config.workDir(), "reconcile-");
        long started = System.nanoTime();
        AtomicLong bytes = new AtomicLong();
        try (OpenSearchSink sink = OpenSearchSink.builder().settings(settings).aws(aws).build();
                Source source = opener.open(sink, bytes)) {
            IndexReader index = new IndexReader(sink.client(), target, sink.bulk().retry());
            long indexCount = index.count();
            LOG.info("Reconciling {} with index {} ({} documents){}", source.describe(), target, indexCount,
                    repair ? ", repairing" : "");
            Findings findings = new Findings(config.reportIds());
            AtomicLong unmapped = new AtomicLong();
            Path candidates = work.resolve("candidates.bin");
            long candidateCount;
            long sourceRead;
            try (ReconcileProgress progress = new ReconcileProgress(progressOut, console, config.progressEvery(),
                    Math.max(indexCount, source.estimate()))) {
                try (Partitions buckets = new Partitions(work.resolve("buckets"));
                        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                                Files.newOutputStream(candidates), 64 * 1024))) {
                    source.read(new Source.Items() {
                        @Override
                        public void item(SourceItem item) throws IOException {
                            buckets.add(comparison.key(item), item);
                            progress.sourceItems.incrementAndGet();
                        }

                        @Override
                        public void unmapped(String where, String reason) {
                            if (unmapped.incrementAndGet() <= 10) {
                                LOG.warn("Not compared: {}: {}", where, reason);
                            }
                        }
                    });
                    sourceRead = System.nanoTime();
                    observer.sourceRead();
                    progress.phase("reading the index");
                    index.readAll(document -> {
                        buckets.add(comparison.key(document), document);
                        progress.documents.incrementAndGet();
                    });
                    observer.indexRead();
                    progress.phase("comparing");
                    AtomicLong different = new AtomicLong();
                    buckets.compare(comparison, new Comparison.Outcome() {
                        @Override
                        public void matching(SourceItem item, IndexDoc document) {
                            findings.matching(1);
                            progress.compared.incrementAndGet();
                        }

                        @Override
                        public void different(Verdict verdict, SourceItem item, IndexDoc document) throws IOException {
                            new Candidate(verdict, item, document).write(out);
                            different.incrementAndGet();
                            progress.different.incrementAndGet();
                            progress.compared.incrementAndGet();
                        }
                    }, MAX_BUCKET_BYTES);
                    candidateCount = different.get();
                }
                progress.phase(repair ? "checking again and repairing" : "checking again");
                Repair repairs = repair ? new Repair(sink) : null;
                new Recheck(source, index, comparison, repairs, config.settleTime(), findings, progress, work)
                        .run(candidates, candidateCount, sourceRead);
                progress.phase("done");
                return new ReconcileReport(source.describe(), target, progress.sourceItems.get(),
                        progress.documents.get(), findings.counts(), findings.firstIds(), findings.settledCount(),
                        findings.changingCount(), findings.firstChanging(), unmapped.get(),
                        repairs == null ? null : repairs.totals(), Duration.ofNanos(System.nanoTime() - started));
            }
        } finally {
            delete(work);
        }
    }

    private static Source open(ReconcileConfig config, AwsClientConfig aws, ObjectMappers mappers, boolean versions,
            AtomicLong bytes) throws IOException {
        MappingConfig mapping = mappers.mapping();
        if (config.table().isPresent()) {
            boolean idsFromKeys = mapping.ids().strategy() == IdStrategy.FORMAT
                    || mapping.ids().strategy() == IdStrategy.AUTO && mapping.ids().pointers().isEmpty();
            return new TableSource(LoadPlan.dynamoDbClient(aws), config.table().get(), mappers.dynamodb(),
                    config.liveSource(), config.scanSegments(), versions, idsFromKeys);
        }
        LoadConfig objects = config.objects().orElseThrow();
        S3Client s3 = aws.s3Client();
        try {
            return new ObjectSource(s3, LoadPlan.find(s3, objects, aws), mappers, versions, bytes::addAndGet);
        } catch (IOException | RuntimeException e) {
            s3.close();
            throw e;
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
