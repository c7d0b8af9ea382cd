package io.kinesisopensearch.loader;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.decode.CsvHeader;
import io.kinesisopensearch.decode.CsvOptions;
import io.kinesisopensearch.decode.DecoderOptions;
import io.kinesisopensearch.decode.PayloadFormat;
import io.kinesisopensearch.decode.TimestampFormat;
import io.kinesisopensearch.mapping.FieldTransforms;
import io.kinesisopensearch.mapping.MappingConfig;
import io.kinesisopensearch.mapping.RecordMapper;
import io.kinesisopensearch.record.RecordCoordinates;
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
     * @param records      the object's ledger: each row's one outcome (see {@link Ledger}), nothing pending
     */
    public record Counts(String etag, long rows, long acknowledged, long stale, long deadLetters,
            Ledger.Account records) {
    }

    private final S3Client s3;
    private final MappingConfig mapping;
    private final CsvOptions csv;
    private final OpenSearchSink sink;
    private final Optional<ExportItems> export;
    private final RecordMapper ndjson;
    private final RecordMapper dynamodb;

    /**
     * @param mapping the mapping; its format is replaced by each object's
     * @param csv     the CSV settings, header handled per object
     * @param sink    where the rows go; its counters are read for each object's counts, so one
     *                loader uses it at a time
     * @param export  for an export's data files, how items become change records
     */
    ObjectLoader(S3Client s3, MappingConfig mapping, CsvOptions csv, OpenSearchSink sink, Optional<ExportItems> export) {
        this.s3 = s3;
        this.mapping = mapping;
        this.csv = csv;
        this.sink = sink;
        this.export = export;
        boolean jsonPointer = mapping.decoding().format() == PayloadFormat.JSON;
        this.ndjson = mapper(new DecoderOptions(PayloadFormat.JSON,
                jsonPointer ? mapping.decoding().recordsPointer() : Optional.empty(), csv, false));
        this.dynamodb = mapper(new DecoderOptions(PayloadFormat.DYNAMODB, Optional.empty(), csv, false));
    }

    /**
     * A loader with the mapping and CSV settings in {@code settings}, writing through {@code sink}:
     * for CSV and NDJSON objects (an export is loaded by {@link S3Load}, which reads its manifest first).
     *
     * @throws io.kinesisopensearch.config.ConfigException when a setting is missing or invalid
     */
    public static ObjectLoader create(Settings settings, S3Client s3, OpenSearchSink sink) {
        return create(settings, s3, sink, Optional.empty());
    }

    static ObjectLoader create(Settings settings, S3Client s3, OpenSearchSink sink, Optional<ExportItems> export) {
        MappingConfig mapping = MappingConfig.from(settings);
        CsvOptions csv = CsvOptions.from(settings, settings.getEnum(FieldTransforms.TIMESTAMP_FORMAT,
                TimestampFormat.class, TimestampFormat.AUTO));
        return new ObjectLoader(s3, mapping, csv, sink, export);
    }

    /** The index, or index pattern, documents go to. */
    public String index() {
        return mapping.index().toString();
    }

    private RecordMapper mapper(DecoderOptions decoding) {
        return new RecordMapper(mapping.withDecoding(decoding));
    }

    /**
     * Loads {@code bucket}/{@code key} read as {@code format} (not {@code AUTO}).
     *
     * @param bytesRead told of the stored bytes as they are read, for progress
     * @param deadline  when to give up retrying an unavailable OpenSearch or dead-letter destination
     * @throws IOException          when the object cannot be read, or its CSV header is malformed
     * @throws OutOfTimeException   when the deadline came first; the object must be loaded again
     */
    public Counts load(String bucket, String key, LoadFormat format, LongConsumer bytesRead, Deadline deadline)
            throws IOException, InterruptedException, OutOfTimeException {
        if (format == LoadFormat.AUTO) {
            throw new IllegalArgumentException("the format of " + key + " must be known");
        }
        if (format == LoadFormat.DYNAMODB_EXPORT && export.isEmpty()) {
            throw new IllegalStateException("no export to load " + key + " as part of");
        }
        boolean isCsv = format == LoadFormat.CSV;
        WriteCounters.Snapshot before = sink.counters().snapshot();
        long rows = 0;
        long deadLetters = 0;
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(get -> get.bucket(bucket).key(key));
                ObjectRows reader = new ObjectRows(in, bytesRead, isCsv ? csv.quote() : 0, isCsv ? csv.escape() : 0)) {
            RecordMapper mapper = isCsv ? null : format == LoadFormat.NDJSON ? ndjson : dynamodb;
            String stream = "s3://" + bucket;
            Ledger ledger = new Ledger(stream, key);
            RecordBatch batch = sink.newBatch(ledger);
            for (ObjectRows.Row row = reader.next(); row != null; row = reader.next()) {
                if (mapper == null) {
                    mapper = csvMapper(key, row);
                    if (csv.header() != CsvHeader.NONE) {
                        continue; // the header names the columns (USE) or is skipped (SKIP)
                    }
                }
                byte[] data = format == LoadFormat.DYNAMODB_EXPORT
                        ? export.get().change(row.text())
                        : row.text().getBytes(StandardCharsets.UTF_8);
                RecordCoordinates at = new RecordCoordinates(stream, key, Long.toString(row.line()), 0, null, null);
                sink.add(batch, new SourceRecord(at, data), mapper);
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

    // The first row of a CSV object: its header names the columns (USE), or the configured columns apply.
    private RecordMapper csvMapper(String key, ObjectRows.Row first) throws IOException {
        CsvOptions options;
        if (csv.header() == CsvHeader.USE) {
            try {
                options = csv.withHeader(first.text());
            } catch (IllegalArgumentException e) {
                throw new IOException(key + " line " + first.line() + ": " + e.getMessage());
            }
        } else {
            options = new CsvOptions(csv.delimiter(), csv.quote(), csv.escape(), CsvHeader.NONE, csv.columns(),
                    csv.types(), csv.timestamps());
        }
        return mapper(new DecoderOptions(PayloadFormat.CSV, Optional.empty(), options, false));
    }
}
