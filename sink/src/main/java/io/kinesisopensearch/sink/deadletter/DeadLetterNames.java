package io.kinesisopensearch.sink.deadletter;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * How dead-letter files and objects are named: {@code <stream>/<shard>/<time>-<first sequence>-<unique>.ndjson}.
 * The time leads the file name so that names sort by age; the unique part keeps two workers (or a
 * replay of the same records) from overwriting each other.
 */
final class DeadLetterNames {

    static final String SUFFIX = ".ndjson";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private DeadLetterNames() {
    }

    static String relativePath(List<DeadLetter> letters) {
        DeadLetter first = letters.get(0);
        return safe(first.coordinates().stream()) + '/' + safe(first.coordinates().shardId()) + '/'
                + TIME.format(Instant.now()) + '-' + first.coordinates().sequenceNumber() + '-'
                + UUID.randomUUID().toString().substring(0, 8) + SUFFIX;
    }

    static <T> Comparator<T> byAge(Function<T, String> fileName) {
        return Comparator.comparing(fileName);
    }

    private static String safe(String part) {
        return part.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
