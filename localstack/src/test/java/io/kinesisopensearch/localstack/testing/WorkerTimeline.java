package io.kinesisopensearch.localstack.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A worker process's console log read as a timeline: when a line first said something. The lines
 * are the worker's text format ({@code 2026-01-31T12:00:00.123Z INFO [thread] logger - message});
 * with {@link #JVM_OPTIONS} they include KCL's INFO lines on leader election and lease assignment.
 */
public final class WorkerTimeline {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX");
    private static final Pattern PORT = Pattern.compile("Serving /metrics, /health and /ready on port (\\d+)");

    private final Path log;

    public WorkerTimeline(Path log) {
        this.log = log;
    }

    /** JVM options for a worker process whose log this reads: KCL's lease lines at INFO. */
    public static List<String> jvmOptions() {
        try {
            Path config = Path.of(WorkerTimeline.class.getResource("/kcl-timeline-logback.xml").toURI());
            return List.of("-Xmx256m", "-Dlogback.configurationFile=" + config);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** When a line first contained {@code text}. */
    public Optional<Instant> first(String text) {
        return lines().stream().filter(line -> line.contains(text)).findFirst().flatMap(WorkerTimeline::stamp);
    }

    /** When a line first matched {@code pattern} (a regular expression found anywhere in the line). */
    public Optional<Instant> firstMatch(String pattern) {
        Pattern compiled = Pattern.compile(pattern);
        return lines().stream().filter(line -> compiled.matcher(line).find()).findFirst()
                .flatMap(WorkerTimeline::stamp);
    }

    /** When a line stamped at or after {@code from} first matched {@code pattern}. */
    public Optional<Instant> firstMatchAfter(String pattern, Instant from) {
        Pattern compiled = Pattern.compile(pattern);
        return lines().stream().filter(line -> compiled.matcher(line).find()).map(WorkerTimeline::stamp)
                .flatMap(Optional::stream).filter(at -> !at.isBefore(from)).findFirst();
    }

    /** The worker's id (as lease owner), once it logged it. */
    public Optional<String> workerId() {
        Pattern id = Pattern.compile("Worker (\\S+) reading stream");
        return lines().stream().map(id::matcher).filter(Matcher::find).map(matcher -> matcher.group(1)).findFirst();
    }

    /** The port of the worker's {@code /metrics}, once it logged it. */
    public OptionalInt metricsPort() {
        for (String line : lines()) {
            Matcher port = PORT.matcher(line);
            if (port.find()) {
                return OptionalInt.of(Integer.parseInt(port.group(1)));
            }
        }
        return OptionalInt.empty();
    }

    private List<String> lines() {
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + log, e);
        }
    }

    private static Optional<Instant> stamp(String line) {
        int space = line.indexOf(' ');
        try {
            return Optional.of(OffsetDateTime.parse(line.substring(0, space), STAMP).toInstant());
        } catch (RuntimeException notStamped) {
            return Optional.empty();
        }
    }
}
