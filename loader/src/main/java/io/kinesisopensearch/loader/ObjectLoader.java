package io.kinesisopensearch.loader;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.loader.images.ImageLabelsHook;
import io.kinesisopensearch.loader.images.ImageObject;
import io.kinesisopensearch.mapping.MappingHooks;
import io.kinesisopensearch.mapping.RecordMapper;
import io.kinesisopensearch.record.SourceRecord;
import io.kinesisopensearch.sink.OpenSearchSink;
import io.kinesisopensearch.sink.batch.Ledger;
import io.kinesisopensearch.sink.batch.RecordBatch;
import io.kinesisopensearch.sink.bulk.Deadline;
import io.kinesisopensearch.sink.bulk.OutOfTimeException;
import io.kinesisopensearch.sink.bulk.WriteCounters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.LongConsumer;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Loads one S3 object through the mapping and an {@link OpenSearchSink}: each row becomes a record named {@code s3://bucket}, shard the key,
 * sequence number the row's line, so that default ids are the same on every load and a dead
 * letter names the object and line. When {@link #load} returns, every row is in OpenSearch or in
 * the dead letters. Used by the {@link S3Load} command and by a Lambda handler for objects that
 * arrive one by one, and S3 events through SQS, several objects at once: thread-safe, but the
 * {@link Counts#acknowledged()} and {@link Counts#stale()} of an object are read from the sink's
 * counters, so they are its own only while no other load writes through the same sink.
 */
public final class ObjectLoader {

    /**
     * What loading one object did.
     *
     * @param etag         the ETag of the object read
     * @param rows         rows read (CSV header lines not counted)
     * @param acknowledged actions OpenSearch accepted
     * @param stale        actions refused as older than the stored document (a newer change won)
     * @param deadLetters  rows stored as dead letters
     * @param records      the object's ledger: each row's one outcome (see {@link Ledger}), nothing pending
     */
    public record Counts(String etag, long rows, long acknowledged, long stale, long deadLetters,
            Ledger.Account records) {
    }

    private final S3Client s3;
    private final ObjectMappers mappers;
    private final OpenSearchSink sink;
    private final Optional<ExportItems> export;
    private final Optional<ImageLabelsHook> images;

    /**
     * @param mappers how rows become records and which mapper maps them
     * @param sink    where the rows go; its counters are read for each object's counts, so one
     *                loader uses it at a time
     * @param export  for an export's data files, how items become change records
     * @param images  for images, the hook that labels them
     */
    ObjectLoader(S3Client s3, ObjectMappers mappers, OpenSearchSink sink, Optional<ExportItems> export,
            Optional<ImageLabelsHook> images) {
        this.s3 = s3;
        this.mappers = mappers;
        this.sink = sink;
        this.export = export;
        this.images = images;
    }

    /**
     * A loader with the mapping and CSV settings in {@code settings}, writing through {@code sink}:
     * for CSV and NDJSON objects (an export is loaded by {@link S3Load}, which reads its manifest first).
     *
     * @param settings the mapping ({@code mapping.*}, {@code opensearch.index}) and CSV settings
     * @param s3       the client objects are read with; the loader does not close it
     * @param sink     where the rows go; the loader does not close it
     * @return the loader
     * @throws io.kinesisopensearch.config.ConfigException when a setting is missing or invalid
     */
    public static ObjectLoader create(Settings settings, S3Client s3, OpenSearchSink sink) {
        return create(settings, s3, sink, Optional.empty(), Optional.empty());
    }

    /**
     * A loader as {@link #create(Settings, S3Client, OpenSearchSink)}, that also loads images
     * ({@link LoadFormat#IMAGE}) as one document each, labelled by {@code images}.
     *
     * @param settings the mapping and CSV settings
     * @param s3       the client objects are read with; the loader does not close it
     * @param sink     where the rows and image documents go; the loader does not close it
     * @param images   the hook that labels images and names their index
     * @return the loader
     * @throws io.kinesisopensearch.config.ConfigException when a setting is missing or invalid
     */
    public static ObjectLoader create(Settings settings, S3Client s3, OpenSearchSink sink, ImageLabelsHook images) {
        return create(settings, s3, sink, Optional.empty(), Optional.of(images));
    }

    static ObjectLoader create(Settings settings, S3Client s3, OpenSearchSink sink, Optional<ExportItems> export,
            Optional<ImageLabelsHook> images) {
        return new ObjectLoader(s3, ObjectMappers.from(settings), sink, export, images);
    }

    /**
     * The index, or index pattern, documents go to.
     *
     * @return the {@code opensearch.index} setting
     */
    public String index() {
        return mappers.mapping().index().toString();
    }

    /**
     * The index images go to, when this loader labels images.
     *
     * @return the image index, or empty for a loader without an {@link ImageLabelsHook}
     */
    public Optional<String> imageIndex() {
        return images.map(ImageLabelsHook::index);
    }

    /**
     * Loads {@code bucket}/{@code key} read as {@code format} (not {@code AUTO}).
     *
     * @param bucket    the object's bucket
     * @param key       the object's key
     * @param format    how the object is read
     * @param bytesRead told of the stored bytes as they are read, for progress
     * @param deadline  when to give up retrying an unavailable OpenSearch or dead-letter destination
     * @return what the load did; every row is in OpenSearch or in the dead letters
     * @throws IOException          when the object cannot be read, or its CSV header is malformed
     * @throws InterruptedException when interrupted while waiting to retry; the object must be loaded again
     * @throws OutOfTimeException   when the deadline came first; the object must be loaded again
     * @throws IllegalArgumentException when {@code format} is {@code AUTO}
     * @throws IllegalStateException when {@code format} is one this loader cannot read: {@code DYNAMODB_EXPORT}
     *         (only {@link S3Load} loads exports), or {@code IMAGE} without an {@link ImageLabelsHook}
     */
    public Counts load(String bucket, String key, LoadFormat format, LongConsumer bytesRead, Deadline deadline)
            throws IOException, InterruptedException, OutOfTimeException {
        return load(bucket, key, format, bytesRead, deadline, null);
    }

    /**
     * Loads {@code bucket}/{@code key} as {@link #load(String, String, LoadFormat, LongConsumer, Deadline)}
     * does, writing {@code mark} into each document (none when null), so that the object's documents
     * can be found again. An image ({@link LoadFormat#IMAGE}, with a loader made with an
     * {@link ImageLabelsHook}) is one document: its metadata from a HEAD request, its labels from
     * Rekognition.
     *
     * @param bucket    the object's bucket
     * @param key       the object's key
     * @param format    how the object is read
     * @param bytesRead told of the stored bytes as they are read, for progress (not for an image)
     * @param deadline  when to give up retrying an unavailable OpenSearch, dead-letter destination or
     *                  throttling Rekognition
     * @param mark      the field written into each document, or null for none
     * @return what the load did; every row is in OpenSearch or in the dead letters
     * @throws IOException          when the object cannot be read, or its CSV header is malformed
     * @throws InterruptedException when interrupted while waiting to retry; the object must be loaded again
     * @throws OutOfTimeException   when the deadline came first; the object must be loaded again
     * @throws IllegalArgumentException when {@code format} is {@code AUTO}
     * @throws IllegalStateException when {@code format} is one this loader cannot read: {@code DYNAMODB_EXPORT}
     *         (only {@link S3Load} loads exports), or {@code IMAGE} without an {@link ImageLabelsHook}
     * @throws software.amazon.awssdk.services.s3.model.S3Exception when S3 refuses the object (missing, forbidden)
     */
    public Counts load(String bucket, String key, LoadFormat format, LongConsumer bytesRead, Deadline deadline,
            ObjectMark mark) throws IOException, InterruptedException, OutOfTimeException {
        if (format == LoadFormat.IMAGE) {
            return loadImage(bucket, key, deadline, mark);
        }
        if (format == LoadFormat.AUTO) {
            throw new IllegalArgumentException("the format of " + key + " must be known");
        }
        if (format == LoadFormat.DYNAMODB_EXPORT && export.isEmpty()) {
            throw new IllegalStateException("no export to load " + key + " as part of");
        }
        WriteCounters.Snapshot before = sink.counters().snapshot();
        long rows = 0;
        long deadLetters = 0;
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(get -> get.bucket(bucket).key(key));
                ObjectRows reader = mappers.rows(in, bytesRead, format)) {
            RecordMapper mapper = mappers.forFormat(format, mark);
            Ledger ledger = new Ledger("s3://" + bucket, key);
            RecordBatch batch = sink.newBatch(ledger);
            for (ObjectRows.Row row = reader.next(); row != null; row = reader.next()) {
                if (mapper == null) {
                    mapper = mappers.csv(key, row, mark);
                    if (mappers.csvHeaderRow()) {
                        continue; // the header names the columns (USE) or is skipped (SKIP)
                    }
                }
                byte[] data = format == LoadFormat.DYNAMODB_EXPORT
                        ? export.get().change(row.text())
                        : row.text().getBytes(StandardCharsets.UTF_8);
                sink.add(batch, new SourceRecord(ObjectMappers.coordinates(bucket, key, row.line()), data), mapper,
                        deadline);
                rows++;
                if (batch.isFull()) {
                    deadLetters += sink.flush(batch, deadline).size();
                    batch = sink.newBatch(ledger);
                    sink.check(ledger, batch.recordCount());
                }
            }
            deadLetters += sink.flush(batch, deadline).size();
            WriteCounters.Snapshot after = sink.counters().snapshot();
            return new Counts(in.response().eTag(), rows,
                    after.actionsAcknowledged() - before.actionsAcknowledged(),
                    after.staleVersions() - before.staleVersions(), deadLetters, sink.check(ledger, 0));
        }
    }

    private Counts loadImage(String bucket, String key, Deadline deadline, ObjectMark mark)
            throws InterruptedException, OutOfTimeException {
        ImageLabelsHook hook = images.orElseThrow(() -> new IllegalStateException("this loader labels no images, so it"
                + " cannot load s3://" + bucket + "/" + key));
        HeadObjectResponse head = s3.headObject(request -> request.bucket(bucket).key(key));
        // A bucket with versioning suspended answers "null" for objects put meanwhile.
        String version = head.versionId() == null || head.versionId().equals("null") ? null : head.versionId();
        String etag = head.eTag() == null ? null : head.eTag().replace("\"", "");
        ImageObject image = new ImageObject(bucket, key, version, head.contentLength() == null ? -1 : head.contentLength(),
                head.contentType(), head.lastModified(), etag);
        // The user's mapping hooks are for the data objects' rows, not for images.
        MappingHooks hooks = MappingHooks.of(hook);
        RecordMapper mapper = new RecordMapper(mappers.mapping().withHooks(mark == null ? hooks : MarkingHook.around(hooks, mark)));
        WriteCounters.Snapshot before = sink.counters().snapshot();
        Ledger ledger = new Ledger("s3://" + bucket, key);
        RecordBatch batch = sink.newBatch(ledger);
        sink.add(batch, new SourceRecord(ObjectMappers.coordinates(bucket, key, 0), image.toJson()),
                mapper, deadline);
        long deadLetters = sink.flush(batch, deadline).size();
        WriteCounters.Snapshot after = sink.counters().snapshot();
        return new Counts(head.eTag(), 1, after.actionsAcknowledged() - before.actionsAcknowledged(),
                after.staleVersions() - before.staleVersions(), deadLetters, sink.check(ledger, 0));
    }
}
