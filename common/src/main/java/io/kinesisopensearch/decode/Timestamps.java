package io.kinesisopensearch.decode;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Reads timestamps in the shapes sources write them and writes them as ISO-8601 UTC, the shape
 * OpenSearch's {@code date} type and {@code @timestamp} conventions expect.
 */
public final class Timestamps {

    // Epoch numbers beyond about the year 9999 in the chosen unit are mistakes, not dates.
    private static final long MAX_SECONDS = 253_402_300_799L;
    // Nanoseconds of microseconds need 15 decimals; a timestamp never needs more than this.
    private static final int MAX_SCALE = 30;
    // 0000-01-01T00:00:00Z: from here on four-digit years need no sign.
    private static final long MIN_FAST_SECONDS = -62_167_219_200L;

    private Timestamps() {
    }

    /** The instant {@code value} stands for, or {@code null} when it is not a timestamp in {@code format}. */
    public static Instant parse(JsonNode value, TimestampFormat format) {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return fromLong(value.longValue(), format);
        }
        if (value.isNumber()) {
            return fromNumber(value.decimalValue(), format);
        }
        if (!value.isTextual()) {
            return null;
        }
        return parse(value.textValue(), format);
    }

    /** The instant the whole number {@code value} stands for, or {@code null} when it is not a timestamp in {@code format}. */
    public static Instant parse(long value, TimestampFormat format) {
        return fromLong(value, format);
    }

    /** The instant {@code text} stands for, or {@code null} when it is not a timestamp in {@code format}. */
    public static Instant parse(String text, TimestampFormat format) {
        String trimmed = text.trim();
        if (trimmed.isEmpty() || trimmed.length() > 64) {
            return null;
        }
        boolean numeric = isNumeric(trimmed);
        if (format == TimestampFormat.ISO || format == TimestampFormat.AUTO && !numeric) {
            return fromIso(trimmed);
        }
        if (!numeric) {
            return null;
        }
        return fromNumber(new BigDecimal(trimmed), format);
    }

    /**
     * ISO-8601 in UTC, for example {@code 2026-11-21T10:15:30.123Z}: as {@link DateTimeFormatter#ISO_INSTANT}
     * writes it (0, 3, 6 or 9 fraction digits), without its cost for the years 0000 to 9999.
     */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < MIN_FAST_SECONDS || seconds > MAX_SECONDS) {
            return DateTimeFormatter.ISO_INSTANT.format(instant);
        }
        LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, instant.getNano(), ZoneOffset.UTC);
        char[] text = new char[30];
        int length = digits(text, 0, time.getYear(), 4);
        text[length++] = '-';
        length = digits(text, length, time.getMonthValue(), 2);
        text[length++] = '-';
        length = digits(text, length, time.getDayOfMonth(), 2);
        text[length++] = 'T';
        length = digits(text, length, time.getHour(), 2);
        text[length++] = ':';
        length = digits(text, length, time.getMinute(), 2);
        text[length++] = ':';
        length = digits(text, length, time.getSecond(), 2);
        int nanos = instant.getNano();
        if (nanos != 0) {
            text[length++] = '.';
            if (nanos % 1_000_000 == 0) {
                length = digits(text, length, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                length = digits(text, length, nanos / 1_000, 6);
            } else {
                length = digits(text, length, nanos, 9);
            }
        }
        text[length++] = 'Z';
        return new String(text, 0, length);
    }

    private static int digits(char[] text, int at, int value, int width) {
        int v = value;
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + v % 10);
            v /= 10;
        }
        return at + width;
    }

    private static Instant fromLong(long value, TimestampFormat format) {
        if (value == Long.MIN_VALUE) {
            return null; // no absolute value, and no date either
        }
        long magnitude = Math.abs(value);
        TimestampFormat unit = format;
        if (format == TimestampFormat.AUTO) {
            unit = magnitude < 100_000_000_000L ? TimestampFormat.EPOCH_SECONDS
                    : magnitude < 100_000_000_000_000L ? TimestampFormat.EPOCH_MILLIS : TimestampFormat.EPOCH_MICROS;
        }
        Instant instant = switch (unit) {
            case EPOCH_SECONDS -> magnitude <= MAX_SECONDS ? Instant.ofEpochSecond(value) : null;
            case EPOCH_MILLIS -> magnitude / 1_000 <= MAX_SECONDS ? Instant.ofEpochMilli(value) : null;
            case EPOCH_MICROS -> magnitude / 1_000_000 <= MAX_SECONDS
                    ? Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L)
                    : null;
            default -> null;
        };
        return instant;
    }

    /** Microseconds since the epoch, the unit external versions are counted in. */
    public static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    private static Instant fromNumber(BigDecimal number, TimestampFormat format) {
        // Rounding 1E-99999999 to whole seconds would compute 10^99999999: refuse such scales first.
        if (Math.abs(number.scale()) > MAX_SCALE) {
            return null;
        }
        BigDecimal magnitude = number.abs();
        TimestampFormat unit = format;
        if (format == TimestampFormat.AUTO) {
            unit = magnitude.compareTo(BigDecimal.valueOf(100_000_000_000L)) < 0 ? TimestampFormat.EPOCH_SECONDS
                    : magnitude.compareTo(BigDecimal.valueOf(100_000_000_000_000L)) < 0 ? TimestampFormat.EPOCH_MILLIS
                    : TimestampFormat.EPOCH_MICROS;
        }
        BigDecimal seconds = switch (unit) {
            case EPOCH_SECONDS -> number;
            case EPOCH_MILLIS -> number.movePointLeft(3);
            case EPOCH_MICROS -> number.movePointLeft(6);
            default -> null;
        };
        if (seconds == null || seconds.abs().compareTo(BigDecimal.valueOf(MAX_SECONDS)) > 0) {
            return null;
        }
        long whole = seconds.setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
        long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).setScale(0, java.math.RoundingMode.DOWN)
                .longValueExact();
        return Instant.ofEpochSecond(whole, nanos);
    }

    private static Instant fromIso(String text) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            char last = text.charAt(text.length() - 1);
            if (last == 'Z' || last == 'z') {
                return Instant.parse(text.substring(0, text.length() - 1).replace(' ', 'T') + 'Z');
            }
            if (text.length() > 19 && hasOffset(text)) {
                return OffsetDateTime.parse(text.replace(' ', 'T')).toInstant();
            }
            return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static boolean hasOffset(String text) {
        int sign = Math.max(text.lastIndexOf('+'), text.lastIndexOf('-'));
        return sign > 10;
    }

    private static boolean isNumeric(String text) {
        int start = text.charAt(0) == '-' ? 1 : 0;
        boolean digits = false;
        boolean point = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits = true;
            } else if (c == '.' && !point) {
                point = true;
            } else {
                return false;
            }
        }
        return digits;
    }
}
