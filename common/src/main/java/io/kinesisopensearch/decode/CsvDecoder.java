package io.kinesisopensearch.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.record.MappingException;
import io.kinesisopensearch.record.SourceRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/**
 * CSV lines: one document per data line, its fields named by the configured columns or the record's
 * header line and typed by {@code mapping.csv.types}.
 *
 * <p>A malformed line (unclosed quote, wrong column count, a value that is not of its column's type)
 * is rejected on its own: the record's other lines still become documents. Each data line keeps its
 * position as its part number, good or bad, so ids built from coordinates stay stable on replay.
 */
public final class CsvDecoder implements PayloadDecoder {

    // Beyond this scale a plain-notation number would be absurdly long; DynamoDB allows far less.
    private static final int MAX_SCALE = 9_999;

    private final CsvOptions options;
    private final CsvParser parser;

    public CsvDecoder(CsvOptions options) {
        this.options = options;
        this.parser = new CsvParser(options.delimiter(), options.quote(), options.escape());
    }

    @Override
    public void decode(SourceRecord record, DocumentSink sink) throws MappingException {
        String text = Utf8.decode(record);
        Rows rows = new Rows(sink);
        parser.parse(text, rows);
        if (rows.headerError != null) {
            throw new MappingException(record.coordinates(), rows.headerError);
        }
    }

    /** Turns parsed rows into documents; holds the state of one record. */
    private final class Rows implements CsvParser.RowHandler {
        private final DocumentSink sink;
        private List<String> columns = options.header() == CsvHeader.USE ? null : options.columns();
        private boolean headerPending = options.header() != CsvHeader.NONE;
        private int part;
        private String headerError;

        Rows(DocumentSink sink) {
            this.sink = sink;
        }

        @Override
        public void row(int line, List<String> fields) {
            if (headerError != null) {
                return;
            }
            if (headerPending) {
                headerPending = false;
                if (options.header() == CsvHeader.USE) {
                    List<String> names = fields.stream().map(String::trim).toList();
                    if (names.contains("") || new HashSet<>(names).size() != names.size()) {
                        headerError = "CSV header line " + line + ": column names must be non-empty and distinct";
                    }
                    columns = names;
                }
                return;
            }
            int position = part++;
            if (fields.size() != columns.size()) {
                sink.reject(position, "CSV line " + line + ": expected " + columns.size() + " columns but found " + fields.size());
                return;
            }
            ObjectNode document = Json.nodes().objectNode();
            for (int i = 0; i < fields.size(); i++) {
                String column = columns.get(i);
                ColumnType type = options.types().getOrDefault(column, ColumnType.STRING);
                JsonNode value = convert(fields.get(i), type);
                if (value == null) {
                    sink.reject(position, "CSV line " + line + ": column " + column + ": '" + abbreviate(fields.get(i))
                            + "' is not a " + type.name().toLowerCase(Locale.ROOT));
                    return;
                }
                document.set(column, value);
            }
            sink.accept(DecodedDocument.of(position, document));
        }

        @Override
        public void malformed(int line, String reason) {
            if (headerPending) {
                headerPending = false;
                headerError = "CSV header line " + line + ": " + reason;
            } else if (headerError == null) {
                sink.reject(part++, "CSV line " + line + ": " + reason);
            }
        }
    }

    // null when the text is not of the type
    private JsonNode convert(String text, ColumnType type) {
        if (type == ColumnType.STRING) {
            return Json.nodes().textNode(text);
        }
        String value = text.trim();
        if (value.isEmpty()) {
            return Json.nodes().nullNode();
        }
        return switch (type) {
            case NUMBER -> number(value);
            case BOOLEAN -> value.equalsIgnoreCase("true") ? Json.nodes().booleanNode(true)
                    : value.equalsIgnoreCase("false") ? Json.nodes().booleanNode(false) : null;
            case TIMESTAMP -> {
                Instant instant = Timestamps.parse(value, options.timestamps());
                yield instant == null ? null : Json.nodes().textNode(Timestamps.format(instant));
            }
            case STRING -> Json.nodes().textNode(text);
        };
    }

    private static JsonNode number(String value) {
        if (value.length() > 400) {
            return null;
        }
        try {
            BigDecimal number = new BigDecimal(value);
            if (Math.abs(number.scale()) > MAX_SCALE) {
                return null;
            }
            if (number.scale() <= 0 && number.precision() - number.scale() < 19) {
                return Json.nodes().numberNode(number.longValueExact());
            }
            return DecimalNode.valueOf(number);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
