package io.kinesisopensearch.mapping;

import io.kinesisopensearch.config.Settings;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The index a document goes to: a fixed name ({@code orders}) or a pattern with dates in braces
 * ({@code logs-{yyyy.MM.dd}}), filled in UTC from the document's timestamp. Date patterns use
 * {@link DateTimeFormatter} letters; the result is lower-cased, as OpenSearch requires.
 */
public final class IndexName {

    // OpenSearch's own rules for index names, checked here so a bad name fails at start-up.
    private static final int MAX_NAME_LENGTH = 255;
    // 2026-12-31T23:59:59.999Z, from its epoch milliseconds: Instant.parse would initialise
    // DateTimeFormatter's constants at every cold start, also for fixed names that use no pattern.
    private static final Instant SAMPLE = Instant.ofEpochMilli(1_798_761_599_999L);

    private final String text;
    private final List<Object> parts; // String literals and DateTimeFormatters
    private final boolean fixed;
    private volatile Cached last = new Cached(Long.MIN_VALUE, "");

    private record Cached(long epochSecond, String name) {
    }

    private IndexName(String text, List<Object> parts) {
        this.text = text;
        this.parts = List.copyOf(parts);
        this.fixed = allLiterals(this.parts); // asked once per document
    }

    // [a-z0-9][a-z0-9._-]{0,254}, without a regular expression: compiling one costs every cold start.
    private static boolean isIndexName(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letterOrDigit = c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
            if (!letterOrDigit && (i == 0 || c != '.' && c != '_' && c != '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean allLiterals(List<Object> parts) {
        for (Object part : parts) {
            if (!(part instanceof String)) {
                return false;
            }
        }
        return true;
    }

    /** Parses the value of {@code key}; an invalid name or pattern is a configuration error naming it. */
    public static IndexName parse(String key, String text) {
        List<Object> parts = new ArrayList<>();
        int position = 0;
        while (position < text.length()) {
            int open = text.indexOf('{', position);
            int close = text.indexOf('}', position);
            if (open < 0 && close < 0) {
                parts.add(text.substring(position));
                break;
            }
            if (close < 0) {
                throw Settings.invalid(key, text, "'{' without '}'; a date pattern is written in braces, as in logs-{yyyy.MM.dd}");
            }
            if (open < 0 || close < open) {
                throw Settings.invalid(key, text, "'}' without '{'; a date pattern is written in braces, as in logs-{yyyy.MM.dd}");
            }
            if (open > position) {
                parts.add(text.substring(position, open));
            }
            int end = close;
            try {
                parts.add(DateTimeFormatter.ofPattern(text.substring(open + 1, end), Locale.ROOT).withZone(ZoneOffset.UTC));
            } catch (IllegalArgumentException e) {
                throw Settings.invalid(key, text, "bad date pattern {" + text.substring(open + 1, end) + "}: " + e.getMessage());
            }
            position = end + 1;
        }
        IndexName name = new IndexName(text, parts);
        String sample;
        try {
            sample = name.format(SAMPLE);
        } catch (DateTimeException e) {
            throw Settings.invalid(key, text, "the date pattern cannot be filled from a timestamp: " + e.getMessage());
        }
        if (!isIndexName(sample) || sample.equals(".") || sample.equals("..")) {
            throw Settings.invalid(key, text,
                    "an OpenSearch index name is lower case letters, digits, '.', '_' or '-',"
                            + " starts with a letter or digit and has at most 255 characters"
                            + (name.isFixed() ? "" : " (a date filled in gives " + sample + ")"));
        }
        return name;
    }

    /** True when every document goes to the same index. */
    public boolean isFixed() {
        return fixed;
    }

    /** The index for a document whose timestamp is {@code at}; {@code at} may be null for a fixed name. */
    public String resolve(Instant at) {
        if (parts.size() == 1 && parts.get(0) instanceof String fixed) {
            return fixed;
        }
        Cached cached = last;
        if (cached.epochSecond == at.getEpochSecond()) {
            return cached.name;
        }
        String name = format(at);
        last = new Cached(at.getEpochSecond(), name);
        return name;
    }

    private String format(Instant at) {
        StringBuilder name = new StringBuilder(text.length() + 8);
        for (Object part : parts) {
            if (part instanceof DateTimeFormatter formatter) {
                name.append(formatter.format(at).toLowerCase(Locale.ROOT));
            } else {
                name.append((String) part);
            }
        }
        return name.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
