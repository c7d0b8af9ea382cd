package io.kinesisopensearch.localstack.firehose;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The backup bucket's error output, as a folder: {@code processing-failed/} for records the
 * function failed (or whose batch failed), {@code opensearch-failed/} for documents OpenSearch
 * refused. Objects are named and laid out as Firehose names them ({@code yyyy/MM/dd/HH/stream-1-
 * yyyy-MM-dd-HH-mm-ss-random}), one JSON line per record in Firehose's format
 * ({@code attemptsMade, arrivalTimestamp, errorCode, errorMessage, attemptEndingTimestamp, rawData,
 * lambdaArn}).
 */
public final class ErrorFolder {

    public static final String PROCESSING_FAILED = "processing-failed";
    public static final String OPENSEARCH_FAILED = "opensearch-failed";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter HOUR_PATH = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter OBJECT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss").withZone(ZoneOffset.UTC);

    /** One failed record as Firehose writes it; {@code rawData} decoded. */
    public record FailedRecord(int attemptsMade, long arrivalTimestamp, String errorCode, String errorMessage,
            byte[] rawData) {
    }

    private final Path root;
    private final String streamName;
    private final String lambdaArn;

    ErrorFolder(Path root, String streamName, String lambdaArn) {
        this.root = root;
        this.streamName = streamName;
        this.lambdaArn = lambdaArn;
    }

    public Path root() {
        return root;
    }

    synchronized void write(String prefix, List<FailedRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        Path file = root.resolve(prefix).resolve(HOUR_PATH.format(now)).resolve(streamName + "-1-"
                + OBJECT_TIME.format(now) + "-" + UUID.randomUUID());
        StringBuilder lines = new StringBuilder();
        for (FailedRecord record : records) {
            ObjectNode line = JSON.createObjectNode()
                    .put("attemptsMade", record.attemptsMade())
                    .put("arrivalTimestamp", record.arrivalTimestamp())
                    .put("errorCode", record.errorCode())
                    .put("errorMessage", record.errorMessage())
                    .put("attemptEndingTimestamp", now.toEpochMilli())
                    .put("rawData", Base64.getEncoder().encodeToString(record.rawData()));
            if (prefix.equals(PROCESSING_FAILED)) {
                line.put("lambdaArn", lambdaArn);
            }
            lines.append(line).append('\n');
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** Every record under {@code prefix}, in no particular order. */
    public List<FailedRecord> read(String prefix) {
        Path folder = root.resolve(prefix);
        List<FailedRecord> records = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return records;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    var node = JSON.readTree(line);
                    records.add(new FailedRecord(node.path("attemptsMade").asInt(), node.path("arrivalTimestamp").asLong(),
                            node.path("errorCode").asText(), node.path("errorMessage").asText(),
                            Base64.getDecoder().decode(node.path("rawData").asText())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }
}
