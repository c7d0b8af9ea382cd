package io.kinesisopensearch.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where contender (d)'s KCL start-up goes, read from the KCL 3.5.1 lines its worker logs (with
 * {@link #LOGBACK}): the steps of a start, each in milliseconds; on an application whose leases
 * exist the waits are 0 and the shard sync does not happen. A step whose lines are missing (another
 * KCL version, a step KCL skipped) is -1.
 */
record KclStartup(long tablesMillis, long indexWaitMillis, long emptyTableWaitMillis, long shardSyncMillis,
        long firstReadMillis) {

    /** The worker's log configuration in the bench: the worker's lines plus KCL's start-up marks. */
    static final String LOGBACK = "bench-worker-logback.xml";

    /** The lines that mark each step, in the order KCL logs them. */
    private enum Mark {
        INDEX_WAIT("Waiting for Lease table GSI creation"),
        INDEX_ACTIVE("Initializing WorkerMetricStats"),
        EMPTY_TABLE("Lease table is still empty"),
        SHARD_SYNC("is initiating the lease sync"),
        INITIALISED("Initialization complete");

        private final String text;

        Mark(String text) {
            this.text = text;
        }
    }

    /**
     * The steps of one run: from its {@code main} (at {@code startEpochMillis}) until KCL waits for
     * the lease table's index (creating its tables); the wait for that index (KCL polls every 10 s);
     * the wait while the lease table is empty (KCL: a random 1 to 30 s); the shard sync until KCL is
     * initialised; then until the first record read ({@code firstReadMillis} from {@code main}).
     */
    static KclStartup of(Path log, long startEpochMillis, long firstReadMillis) {
        Map<Mark, Long> at = new EnumMap<>(Mark.class);
        List<String> lines;
        try {
            lines = Files.readAllLines(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String line : lines) {
            for (Mark mark : Mark.values()) {
                if (!at.containsKey(mark) && line.contains(mark.text)) {
                    long when = epochMillis(line);
                    if (when >= 0) {
                        at.put(mark, when - startEpochMillis);
                    }
                }
            }
        }
        long initialised = at.getOrDefault(Mark.INITIALISED, -1L);
        return new KclStartup(at.getOrDefault(Mark.INDEX_WAIT, -1L),
                between(at, Mark.INDEX_WAIT, Mark.INDEX_ACTIVE),
                at.containsKey(Mark.EMPTY_TABLE) ? between(at, Mark.EMPTY_TABLE, Mark.SHARD_SYNC) : 0,
                between(at, Mark.SHARD_SYNC, Mark.INITIALISED),
                initialised >= 0 && firstReadMillis >= 0 ? firstReadMillis - initialised : -1);
    }

    private static long between(Map<Mark, Long> at, Mark from, Mark to) {
        return at.containsKey(from) && at.containsKey(to) ? at.get(to) - at.get(from) : -1;
    }

    /** The line's leading UTC timestamp ({@code 2026-11-24T10:04:14.089Z}), or -1 for a line without one. */
    private static long epochMillis(String line) {
        int space = line.indexOf(' ');
        try {
            return space > 0 ? Instant.parse(line.substring(0, space)).toEpochMilli() : -1;
        } catch (DateTimeParseException e) {
            return -1;
        }
    }
}
