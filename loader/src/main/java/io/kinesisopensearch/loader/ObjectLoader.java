package io.kinesisopensearch.loader;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.mapping.RecordMapper;
import io.kinesisopensearch.record.SourceRecord;
import io.kinesisopensearch.sink.OpenSearchSink;
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

/**
 * Loads one S3 object through the mapping and an {@link OpenSearchSink}: each row becomes a record named {@code s3://bucket}, shard the key,
 * sequence number the row's line, so that default ids are the same on every load and a dead
 * letter names the object and line. When {@link #load} returns, every row is in OpenSearch or in
 * the dead letters. Used by the {@link S3Load} command and by a Lambda handler for objects that
 * arrive one by one. Not thread-safe: one object at a time.
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
     */
    public record Counts(String etag, long rows, long acknowledged, long stale, long deadLetters) {
    }

    private final S3Client s3;
    private final ObjectMappers mappers;
    private final OpenSearchSink sink;
    private final Optional<ExportItems> export;

    /**
     * @param mappers how rows become records and which mapper maps them
     * @param sink    where the rows go; its counters are read for each object's counts, so one
     *                loader uses it at a time
     * @param export  for an export's data files, how items become change records
     */
    ObjectLoader(S3Client s3, ObjectMappers mappers, OpenSearchSink sink, Optional<ExportItems> export) {
        this.s3 = s3;
        this.mappers = mappers;
        this.sink = sink;
        this.export = export;
    }

    /**
     * A loader with the mapping and CSV settings in {@code settings}, writing through {@code sink}:
     * for CSV and NDJSON objects (an export is loaded by {@link S3Load}, which reads its manifest first).
     *
     * @param settings the mapping settings, {@code mapping.csv.*} included; {@code mapping.format}
     *                 is replaced by each object's format
     * @param s3       the client objects are read with; the loader does not close it
     * @param sink     where the rows go; its counters give each object's counts, so no other writer
     *                 may use it meanwhile
     * @return the loader
     * @throws io.kinesisopensearch.config.ConfigException when a setting is missing or invalid
     */
    public static ObjectLoader create(Settings settings, S3Client s3, OpenSearchSink sink) {
        return create(settings, s3, sink, Optional.empty());
    }

    static ObjectLoader create(Settings settings, S3Client s3, OpenSearchSink sink, Optional<ExportItems> export) {
        return new ObjectLoader(s3, ObjectMappers.from(settings), sink, export);
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
     * Loads {@code bucket}/{@code key} read as {@code format} (not {@code AUTO}).
     *
     * @param bucket    the object's bucket
     * @param key       the object's key
     * @param format    how the object is read: {@code CSV} or {@code NDJSON}, gzipped or not
     * @param bytesRead told of the stored bytes as they are read, for progress
     * @param deadline  when to give up retrying an unavailable OpenSearch or dead-letter destination
     * @return what the load did; every row is then in OpenSearch or in the dead letters
     * @throws IOException              when the object cannot be read, or its CSV header is malformed
     * @throws InterruptedException     when the thread is interrupted while it waits; the object
     *                                  must be loaded again
     * @throws OutOfTimeException       when the deadline came first; the object must be loaded again
     * @throws IllegalArgumentException for {@code AUTO}
     * @throws IllegalStateException    for {@code DYNAMODB_EXPORT}: {@link S3Load} loads exports
     */
    public Counts load(String bucket, String key, LoadFormat format, LongConsumer bytesRead, Deadline deadline)
            throws IOException, InterruptedException, OutOfTimeException {
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
            RecordMapper mapper = mappers.forFormat(format);
            RecordBatch batch = sink.newBatch();
            for (ObjectRows.Row row = reader.next(); row != null; row = reader.next()) {
                if (mapper == null) {
                    mapper = mappers.csv(key, row);
                    if (mappers.csvHeaderRow()) {
                        continue; // the header names the columns (USE) or is skipped (SKIP)
                    }
                }
                byte[] data = format == LoadFormat.DYNAMODB_EXPORT
                        ? export.get().change(row.text())
                        : row.text().getBytes(StandardCharsets.UTF_8);
                sink.add(batch, new SourceRecord(ObjectMappers.coordinates(bucket, key, row.line()), data), mapper);
                rows++;
                if (batch.isFull()) {
                    deadLetters += sink.flush(batch, deadline).size();
                    batch = sink.newBatch();
                }
            }
            deadLetters += sink.flush(batch, deadline).size();
            WriteCounters.Snapshot after = sink.counters().snapshot();
            return new Counts(in.response().eTag(), rows,
                    after.actionsAcknowledged() - before.actionsAcknowledged(),
                    after.staleVersions() - before.staleVersions(), deadLetters);
        }
    }
}
