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
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * How the rows of stored objects become records and which mapper maps them: the settings' mapping
 * (hooks included) with each object's format, a CSV object's header naming its columns. The load
 * and the reconcile share it, so that both give a row the same id and document. Thread-safe.
 */
public final class ObjectMappers {

    private final MappingConfig mapping;
    private final CsvOptions csv;
    private final DecoderOptions ndjsonDecoding;
    private final DecoderOptions dynamodbDecoding;
    private final RecordMapper ndjson;
    private final RecordMapper dynamodb;

    /**
     * @param mapping the mapping; its format is replaced by each object's
     * @param csv     the CSV settings, header handled per object
     */
    ObjectMappers(MappingConfig mapping, CsvOptions csv) {
        this.mapping = mapping;
        this.csv = csv;
        boolean jsonPointer = mapping.decoding().format() == PayloadFormat.JSON;
        this.ndjsonDecoding = new DecoderOptions(PayloadFormat.JSON,
                jsonPointer ? mapping.decoding().recordsPointer() : Optional.empty(), csv, false);
        this.dynamodbDecoding = new DecoderOptions(PayloadFormat.DYNAMODB, Optional.empty(), csv, false);
        this.ndjson = mapper(ndjsonDecoding, null);
        this.dynamodb = mapper(dynamodbDecoding, null);
    }

    /**
     * The mappers of the mapping and CSV settings in {@code settings}.
     *
     * @throws io.kinesisopensearch.config.ConfigException when a setting is missing or invalid
     */
    public static ObjectMappers from(Settings settings) {
        MappingConfig mapping = MappingConfig.from(settings);
        CsvOptions csv = CsvOptions.from(settings, settings.getEnum(FieldTransforms.TIMESTAMP_FORMAT,
                TimestampFormat.class, TimestampFormat.AUTO));
        return new ObjectMappers(mapping, csv);
    }

    /** The settings' mapping, with the format the settings give. */
    public MappingConfig mapping() {
        return mapping;
    }

    /** The mapper for DynamoDB change records: an export's items, a table's items. */
    public RecordMapper dynamodb() {
        return dynamodb;
    }

    /**
     * The mapper for the rows of an object read as {@code format}; for CSV, null: the object's first
     * row decides ({@link #csv(String, ObjectRows.Row)}).
     */
    public RecordMapper forFormat(LoadFormat format) {
        return forFormat(format, null);
    }

    /** As {@link #forFormat(LoadFormat)}, writing {@code mark} into each document (none when null). */
    RecordMapper forFormat(LoadFormat format, ObjectMark mark) {
        return switch (format) {
            case CSV -> null;
            case NDJSON -> mark == null ? ndjson : mapper(ndjsonDecoding, mark);
            case DYNAMODB_EXPORT -> mark == null ? dynamodb : mapper(dynamodbDecoding, mark);
            case IMAGE -> throw new IllegalArgumentException("an image is one document, not rows");
            case AUTO -> throw new IllegalArgumentException("the format of an object must be known");
        };
    }

    /** Whether a CSV object's first row is a header (named columns or skipped), not data. */
    public boolean csvHeaderRow() {
        return csv.header() != CsvHeader.NONE;
    }

    /**
     * The mapper of a CSV object whose first row is {@code first}: its header names the columns
     * ({@code USE}), or the configured columns apply.
     *
     * @throws IOException when the header is malformed, naming the object and line
     */
    public RecordMapper csv(String key, ObjectRows.Row first) throws IOException {
        return csv(key, first, null);
    }

    /** As {@link #csv(String, ObjectRows.Row)}, writing {@code mark} into each document (none when null). */
    RecordMapper csv(String key, ObjectRows.Row first, ObjectMark mark) throws IOException {
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
        return mapper(new DecoderOptions(PayloadFormat.CSV, Optional.empty(), options, false), mark);
    }

    /** The rows of an object read as {@code format}, quoted CSV fields spanning lines. */
    public ObjectRows rows(InputStream in, LongConsumer bytesRead, LoadFormat format) throws IOException {
        boolean isCsv = format == LoadFormat.CSV;
        return new ObjectRows(in, bytesRead, isCsv ? csv.quote() : 0, isCsv ? csv.escape() : 0);
    }

    /**
     * A row's coordinates: stream {@code s3://bucket}, shard the key, sequence number the line, so
     * that default ids are the same on every read and a dead letter names the object and line.
     */
    public static RecordCoordinates coordinates(String bucket, String key, long line) {
        return new RecordCoordinates("s3://" + bucket, key, Long.toString(line), 0, null, null);
    }

    // With a mark, built per object: cheap beside an S3 read, and a mark belongs to one load.
    private RecordMapper mapper(DecoderOptions decoding, ObjectMark mark) {
        MappingConfig decoded = mapping.withDecoding(decoding);
        return new RecordMapper(mark == null ? decoded : decoded.withHooks(MarkingHook.around(mapping.hooks(), mark)));
    }
}
