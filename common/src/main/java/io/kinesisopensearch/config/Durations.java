package io.kinesisopensearch.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Durations as settings write them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, ISO-8601, or bare milliseconds. */
final class Durations {

    private Durations() {
    }

    /** The duration {@code text} writes, or null when it writes none. */
    static Duration parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (value.startsWith("p")) {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            }
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2).trim()));
            }
            long amount = value.chars().allMatch(Character::isDigit) ? Long.parseLong(value) : -1;
            if (amount >= 0) {
                return Duration.ofMillis(amount);
            }
            long number = Long.parseLong(value.substring(0, value.length() - 1).trim());
            return switch (value.charAt(value.length() - 1)) {
                case 's' -> Duration.ofSeconds(number);
                case 'm' -> Duration.ofMinutes(number);
                case 'h' -> Duration.ofHours(number);
                default -> null;
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            return null;
        }
    }

    /** A duration in the largest unit that writes it whole: {@code 1500ms}, {@code 30s}, {@code 2m}, {@code 1h}. */
    static String text(Duration duration) {
        long millis = duration.toMillis();
        if (millis != 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis != 0 && millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }
}
