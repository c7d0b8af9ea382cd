package io.kinesisopensearch.loader.events;

import io.kinesisopensearch.loader.LoadFormat;
import io.kinesisopensearch.loader.ObjectLoader;
import io.kinesisopensearch.loader.ObjectMark;
import io.kinesisopensearch.loader.S3EventsConfig;
import io.kinesisopensearch.loader.SqsLoadConfig;
import io.kinesisopensearch.sink.OpenSearchSink;
import io.kinesisopensearch.sink.bulk.Deadline;
import io.kinesisopensearch.sink.bulk.OutOfTimeException;
import io.kinesisopensearch.sink.index.IndexBootstrapConfig;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Applies one S3 event to the index: a created object is loaded (again) through the
 * {@link ObjectLoader}, a removed object's documents are deleted.
 *
 * <p>How an object's documents are found again: each load writes an {@link ObjectMark} into every
 * document, the object's hash and a token of that load, and documents are deleted by a query on
 * it ({@link OpenSearchSink#deleteMatching}). Chosen over deterministic ids with a known count
 * (line 1 to N): ids from the data ({@code mapping.id-pointer}) say nothing of the object, and a
 * removed object no longer tells how many lines it had. The same query, less the documents of the
 * load just done, removes after a load what an earlier, longer version of the object left.
 *
 * <p>A removal deletes only when S3 no longer has the object: notifications come at least once and
 * in no set order, so the removal of an object created again since, or of an older version while a
 * newer is current, must not take the current object's documents away.
 *
 * <p>What comes of an event: {@link Outcome.Kind#DONE}; {@link Outcome.Kind#FAILED} when the
 * object itself is the problem (missing, forbidden, a malformed CSV header): the message is
 * retried and in the end a dead letter; {@link Outcome.Kind#HELD} when S3 or the index template is
 * unavailable for a while: retried, never a dead letter for it. An OpenSearch outage holds inside
 * the sink, until the deadline ({@link OutOfTimeException}).
 */
public final class S3ObjectEvents {

    private static final Logger LOG = LoggerFactory.getLogger(S3ObjectEvents.class);

    /**
     * What came of one event.
     *
     * @param kind      done, failed or held
     * @param detail    what was done, or why not, naming the object
     * @param documents rows written (less dead letters) or documents deleted
     */
    public record Outcome(Kind kind, String detail, long documents) {

        /** See {@link S3ObjectEvents}. */
        public enum Kind {
            /** Applied: loaded, deleted, or nothing to do (an object skipped, a removed object that exists). */
            DONE,
            /** The object is the problem (missing, forbidden, unreadable): retried, in the end a dead letter. */
            FAILED,
            /** S3 or the images' index template is unavailable for a while: retried, never a dead letter. */
            HELD
        }

        static Outcome done(String detail, long documents) {
            return new Outcome(Kind.DONE, detail, documents);
        }
    }

    private final ObjectLoader loader;
    private final S3Client s3;
    private final OpenSearchSink sink;
    private final S3EventsConfig config;
    private final Optional<IndexBootstrapConfig> imageTemplate;
    private final AtomicBoolean imageTemplateApplied = new AtomicBoolean();
    private final String targets;

    /**
     * @param loader        loads created objects; with an image hook when images are to be labelled
     * @param s3            tells whether a removed object exists again
     * @param sink          deletes an object's documents; the loader's sink
     * @param config        the format of created objects and the field that marks an object's documents
     * @param imageTemplate the images index's template, applied before the first image is written
     */
    public S3ObjectEvents(ObjectLoader loader, S3Client s3, OpenSearchSink sink, S3EventsConfig config,
            Optional<IndexBootstrapConfig> imageTemplate) {
        this.loader = loader;
        this.s3 = s3;
        this.sink = sink;
        this.config = config;
        this.imageTemplate = imageTemplate;
        Set<String> indexes = new LinkedHashSet<>();
        // A date pattern's documents are in any of its indexes.
        indexes.add(loader.index().replaceAll("\\{[^}]*}", "*"));
        loader.imageIndex().ifPresent(indexes::add);
        this.targets = String.join(",", indexes);
    }

    /**
     * The indexes an object's documents are looked for in.
     *
     * @return the loader's index (a date pattern's every index) and its image index, comma-separated
     */
    public String targets() {
        return targets;
    }

    /**
     * Applies {@code event}; see the class comment for the outcomes.
     *
     * @param event    a created or removed object
     * @param deadline when to stop waiting for OpenSearch or a throttled hook
     * @return what came of it; S3's and the object's failures are outcomes, not exceptions
     * @throws InterruptedException when interrupted while waiting to retry
     * @throws OutOfTimeException   when OpenSearch (or a throttled hook) held the event until {@code deadline}
     */
    public Outcome apply(S3ObjectEvent event, Deadline deadline) throws InterruptedException, OutOfTimeException {
        try {
            return event.change() == S3ObjectEvent.Change.CREATED ? load(event, deadline) : remove(event, deadline);
        } catch (S3Exception e) {
            String why = event.uri() + ": S3 answered " + e.statusCode() + " "
                    + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorCode());
            // 5xx and 429 (SlowDown) pass; 404, 403, 400 are the object's (missing, forbidden).
            return e.statusCode() >= 500 || e.statusCode() == 429 ? new Outcome(Outcome.Kind.HELD, why, 0)
                    : new Outcome(Outcome.Kind.FAILED, why, 0);
        } catch (SdkClientException e) {
            return new Outcome(Outcome.Kind.HELD, event.uri() + ": S3 unreachable: " + e.getMessage(), 0);
        } catch (IOException e) {
            return new Outcome(Outcome.Kind.FAILED, event.uri() + ": " + e.getMessage(), 0);
        } catch (IllegalStateException e) {
            // OpenSearch refused for good to delete one of the object's documents.
            return new Outcome(Outcome.Kind.FAILED, event.uri() + ": " + e.getMessage(), 0);
        }
    }

    private Outcome load(S3ObjectEvent event, Deadline deadline)
            throws IOException, InterruptedException, OutOfTimeException {
        Optional<LoadFormat> format = format(event);
        if (format.isEmpty()) {
            return Outcome.done("skipped " + event.uri() + ": not .csv, .json, .jsonl or .ndjson (optionally .gz),"
                    + " nor an image", 0);
        }
        if (format.get() == LoadFormat.IMAGE) {
            Optional<String> notReady = applyImageTemplate();
            if (notReady.isPresent()) {
                return new Outcome(Outcome.Kind.HELD, event.uri() + ": " + notReady.get(), 0);
            }
        }
        ObjectMark mark = ObjectMark.newLoad(config.objectField(), event.bucket(), event.key());
        long started = System.nanoTime();
        ObjectLoader.Counts counts = loader.load(event.bucket(), event.key(), format.get(), bytes -> { }, deadline, mark);
        long loaded = System.nanoTime();
        long stale = sink.deleteMatching(targets, staleDocuments(mark), deadline);
        long cleaned = System.nanoTime();
        // Rows and dead letters are this object's; the sink's acknowledged count is shared by the messages in flight.
        String detail = "loaded " + event.uri() + " as " + format.get() + ": " + counts.rows() + " rows, "
                + counts.deadLetters() + " dead letters"
                + (stale > 0 ? ", " + stale + " documents of an earlier version deleted" : "")
                + " (" + (loaded - started) / 1_000_000 + " ms, earlier versions looked for in "
                + (cleaned - loaded) / 1_000_000 + " ms)";
        LOG.info("{}", detail);
        return Outcome.done(detail, counts.rows() - counts.deadLetters());
    }

    /** Applies the images' template once; why it could not be, if it could not. */
    private Optional<String> applyImageTemplate() {
        if (imageTemplate.isEmpty() || imageTemplateApplied.get()) {
            return Optional.empty();
        }
        synchronized (imageTemplateApplied) {
            if (!imageTemplateApplied.get()) {
                try {
                    sink.prepare(imageTemplate.get());
                } catch (RuntimeException e) {
                    // Unreachable, or refused (an operator fixes the template): the images wait for it.
                    LOG.error("Cannot apply the images' index template, images are held: {}", e.getMessage());
                    return Optional.of("the images' index template is not applied: " + e.getMessage());
                }
                imageTemplateApplied.set(true);
            }
        }
        return Optional.empty();
    }

    private Optional<LoadFormat> format(S3ObjectEvent event) {
        if (config.format() != LoadFormat.AUTO) {
            return Optional.of(config.format());
        }
        Optional<LoadFormat> byName = LoadFormat.byName(event.key());
        if (byName.isPresent()) {
            return byName;
        }
        if (loader.imageIndex().isEmpty()) {
            return Optional.empty();
        }
        if (LoadFormat.isImage(event.key(), null)) {
            return Optional.of(LoadFormat.IMAGE);
        }
        // A name that says nothing (a camera's upload without extension): its content type may.
        HeadObjectResponse head = s3.headObject(request -> request.bucket(event.bucket()).key(event.key()));
        return LoadFormat.isImage(event.key(), head.contentType()) ? Optional.of(LoadFormat.IMAGE) : Optional.empty();
    }

    private Outcome remove(S3ObjectEvent event, Deadline deadline) throws InterruptedException, OutOfTimeException {
        try {
            HeadObjectResponse head = s3.headObject(request -> request.bucket(event.bucket()).key(event.key()));
            String detail = "kept the documents of " + event.uri() + ": it exists (" + event.eventName()
                    + " of an older version, or created again since; last modified " + head.lastModified() + ")";
            LOG.info("{}", detail);
            return Outcome.done(detail, 0);
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
        }
        long deleted = sink.deleteMatching(targets, objectDocuments(event.bucket(), event.key()), deadline);
        String detail = "deleted " + deleted + " documents of " + event.uri() + " (" + event.eventName() + ")";
        LOG.info("{}", detail);
        return Outcome.done(detail, deleted);
    }

    /** Every document of the object. */
    Query objectDocuments(String bucket, String key) {
        String hash = ObjectMark.objectHash(bucket, key);
        return Query.of(query -> query.term(term -> term.field(config.objectField() + ".object").value(FieldValue.of(hash))));
    }

    /** The object's documents that {@code mark}'s load did not write. */
    private Query staleDocuments(ObjectMark mark) {
        Query object = objectDocuments(mark.bucket(), mark.key());
        Query thisLoad = Query.of(query -> query.term(term -> term.field(config.objectField() + ".load")
                .value(FieldValue.of(mark.load()))));
        return Query.of(query -> query.bool(bool -> bool.filter(object).mustNot(thisLoad)));
    }
}
