package io.kinesisopensearch.decode;

import com.fasterxml.jackson.core.JsonPointer;
import io.kinesisopensearch.config.Settings;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How record bytes are decoded into documents.
 *
 * @param format         the payload format ({@code mapping.format}, default JSON)
 * @param recordsPointer the array whose elements are the documents of a JSON record
 *                       ({@code mapping.records-pointer=/records}); empty when the record is the document
 * @param csv            the CSV settings
 * @param parseJsonLogs  whether CloudWatch Logs messages that are JSON objects are parsed into fields
 *                       ({@code mapping.logs.parse-json})
 */
public record DecoderOptions(PayloadFormat format, Optional<JsonPointer> recordsPointer, CsvOptions csv,
        boolean parseJsonLogs) {

    public static final String FORMAT = "mapping.format";
    public static final String RECORDS_POINTER = "mapping.records-pointer";

    /** Reads the decoding settings; a bad one is a {@link io.kinesisopensearch.config.ConfigException}. */
    public static DecoderOptions from(Settings settings, TimestampFormat timestamps) {
        PayloadFormat format = settings.getEnum(FORMAT, PayloadFormat.class, PayloadFormat.JSON);
        Optional<JsonPointer> recordsPointer = Json.findPointer(settings, RECORDS_POINTER);
        if (recordsPointer.isPresent() && format != PayloadFormat.JSON && format != PayloadFormat.AUTO) {
            throw Settings.invalid(RECORDS_POINTER, recordsPointer.get().toString(), "applies to JSON records only, but "
                    + Settings.describe(FORMAT) + " is " + format + "; allowed formats are JSON and AUTO");
        }
        CsvOptions csv = format == PayloadFormat.CSV ? CsvOptions.from(settings, timestamps) : defaultCsv(timestamps);
        return new DecoderOptions(format, recordsPointer,
                csv, settings.getBoolean(CloudWatchLogsDecoder.PARSE_JSON, false));
    }

    /** Plain JSON records, one document each. */
    public static DecoderOptions json() {
        return new DecoderOptions(PayloadFormat.JSON, Optional.empty(), defaultCsv(TimestampFormat.AUTO), false);
    }

    private static CsvOptions defaultCsv(TimestampFormat timestamps) {
        return new CsvOptions(',', '"', '\0', CsvHeader.USE, List.of(), Map.of(), timestamps);
    }

    /**
     * The decoder for these options. With {@code unchanged} (the mapping writes documents as
     * decoded, no field transform) plain JSON records are checked and passed on as they are, keeping
     * only the values at {@code captured}; and when nothing is captured either, CloudWatch Logs
     * documents are written by the decoder, straight from the payload.
     */
    public PayloadDecoder decoder(boolean unchanged, List<JsonPointer> captured) {
        // Each decoder is made only for the formats that use it: a class not loaded costs no cold start.
        return switch (format) {
            case JSON -> unchanged && canPassThrough()
                    ? JsonDecoder.passThrough(captured) : JsonDecoder.tree(recordsPointer);
            case CSV -> new CsvDecoder(csv);
            case DYNAMODB -> new DynamoDbChangeDecoder();
            case CLOUDWATCH_LOGS -> new CloudWatchLogsDecoder(parseJsonLogs, unchanged && captured.isEmpty());
            case TEXT -> new TextLinesDecoder();
            case AUTO -> new FormatDetector(JsonDecoder.tree(recordsPointer), new DynamoDbChangeDecoder(),
                    new CloudWatchLogsDecoder(parseJsonLogs, unchanged && captured.isEmpty()), new TextLinesDecoder());
        };
    }

    /** True when JSON records can reach OpenSearch byte for byte, given documents that need no change. */
    public boolean canPassThrough() {
        return format == PayloadFormat.JSON && recordsPointer.isEmpty();
    }
}
