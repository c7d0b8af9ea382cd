package io.kinesisopensearch.decode;

import io.kinesisopensearch.config.Settings;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How CSV records are read.
 *
 * @param delimiter  the field separator ({@code mapping.csv.delimiter}: a character, or {@code tab})
 * @param quote      the quote character, or {@code 0} for none ({@code mapping.csv.quote}: a
 *                   character or {@code none}); inside quotes a doubled quote is one quote
 * @param escape     the character that makes the next one literal, or {@code 0} for none
 *                   ({@code mapping.csv.escape}, for example a backslash)
 * @param header     whether the first line of each record names the columns
 * @param columns    the column names when they come from configuration ({@code mapping.csv.columns})
 * @param types      column types by name ({@code mapping.csv.types=amount:number,paid:boolean})
 * @param timestamps how timestamp columns are written
 */
public record CsvOptions(
        char delimiter,
        char quote,
        char escape,
        CsvHeader header,
        List<String> columns,
        Map<String, ColumnType> types,
        TimestampFormat timestamps) {

    public static final String DELIMITER = "mapping.csv.delimiter";
    public static final String QUOTE = "mapping.csv.quote";
    public static final String ESCAPE = "mapping.csv.escape";
    public static final String HEADER = "mapping.csv.header";
    public static final String COLUMNS = "mapping.csv.columns";
    public static final String TYPES = "mapping.csv.types";

    public CsvOptions {
        columns = List.copyOf(columns);
        types = Map.copyOf(types);
    }

    /** Reads the CSV settings; they are checked even where the format is detected per record. */
    public static CsvOptions from(Settings settings, TimestampFormat timestamps) {
        char delimiter = character(settings, DELIMITER, ',', false);
        char quote = character(settings, QUOTE, '"', true);
        char escape = character(settings, ESCAPE, '\0', true);
        if (delimiter == quote || delimiter == escape) {
            throw Settings.invalid(DELIMITER, String.valueOf(delimiter), "must differ from the quote and escape characters");
        }
        List<String> columns = settings.find(COLUMNS).map(CsvOptions::names).orElse(List.of());
        if (new HashSet<>(columns).size() != columns.size() || columns.contains("")) {
            throw Settings.invalid(COLUMNS, String.join(",", columns), "column names must be non-empty and distinct");
        }
        CsvHeader header = settings.getEnum(HEADER, CsvHeader.class, columns.isEmpty() ? CsvHeader.USE : CsvHeader.NONE);
        if (columns.isEmpty() && header != CsvHeader.USE) {
            throw Settings.invalid(HEADER, header.name(), "without " + Settings.describe(COLUMNS)
                    + " the columns come from a header line, so the allowed value is USE");
        }
        if (!columns.isEmpty() && header == CsvHeader.USE) {
            throw Settings.invalid(HEADER, header.name(), Settings.describe(COLUMNS)
                    + " names the columns, so the allowed values are SKIP and NONE");
        }
        Map<String, ColumnType> types = settings.find(TYPES).map(CsvOptions::types).orElse(Map.of());
        Set<String> unknown = new HashSet<>(types.keySet());
        unknown.removeAll(columns);
        if (!columns.isEmpty() && !unknown.isEmpty()) {
            throw Settings.invalid(TYPES, settings.find(TYPES).orElse(""), "names columns that "
                    + Settings.describe(COLUMNS) + " does not list: " + unknown);
        }
        return new CsvOptions(delimiter, quote, escape, header, columns, types, timestamps);
    }

    /**
     * These options for rows whose columns are named by {@code headerLine}, the header of a file
     * read row by row: the header is parsed once and each row is then read without one.
     *
     * @throws IllegalArgumentException when the header is malformed or its names are empty or repeated
     */
    public CsvOptions withHeader(String headerLine) {
        List<List<String>> rows = new java.util.ArrayList<>();
        List<String> problems = new java.util.ArrayList<>();
        new CsvParser(delimiter, quote, escape).parse(headerLine, new CsvParser.RowHandler() {
            @Override
            public void row(int line, List<String> fields) {
                rows.add(fields);
            }

            @Override
            public void malformed(int line, String reason) {
                problems.add(reason);
            }
        });
        if (!problems.isEmpty() || rows.size() != 1) {
            throw new IllegalArgumentException("CSV header: " + (problems.isEmpty() ? "not one line" : problems.get(0)));
        }
        List<String> names = rows.get(0).stream().map(String::trim).toList();
        if (names.contains("") || new HashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException("CSV header: column names must be non-empty and distinct: " + names);
        }
        return new CsvOptions(delimiter, quote, escape, CsvHeader.NONE, names, types, timestamps);
    }

    private static char character(Settings settings, String key, char defaultValue, boolean noneAllowed) {
        String raw = settings.find(key).orElse(null);
        if (raw == null) {
            return defaultValue;
        }
        String lower = raw.toLowerCase(Locale.ROOT);
        if (lower.equals("tab") || raw.equals("\\t")) {
            return '\t';
        }
        if (noneAllowed && lower.equals("none")) {
            return '\0';
        }
        if (raw.length() != 1 || raw.charAt(0) == '\n' || raw.charAt(0) == '\r') {
            throw Settings.invalid(key, raw, "must be one character or tab" + (noneAllowed ? " or none" : ""));
        }
        return raw.charAt(0);
    }

    private static List<String> names(String text) {
        return Arrays.stream(text.split(",", -1)).map(String::trim).toList();
    }

    private static Map<String, ColumnType> types(String text) {
        Map<String, ColumnType> types = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            int colon = entry.lastIndexOf(':');
            String name = colon < 0 ? "" : entry.substring(0, colon).trim();
            String type = colon < 0 ? "" : entry.substring(colon + 1).trim().toUpperCase(Locale.ROOT);
            ColumnType columnType = Arrays.stream(ColumnType.values()).filter(t -> t.name().equals(type))
                    .findFirst().orElse(null);
            if (name.isEmpty() || columnType == null) {
                throw Settings.invalid(TYPES, text, "each entry is column:type, the type one of "
                        + Arrays.toString(ColumnType.values()) + ", for example amount:number,paid:boolean");
            }
            types.put(name, columnType);
        }
        return types;
    }
}
