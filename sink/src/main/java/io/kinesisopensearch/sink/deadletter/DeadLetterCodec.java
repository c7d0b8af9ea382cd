package io.kinesisopensearch.sink.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.record.RecordCoordinates;
import io.kinesisopensearch.record.SourceRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Dead letters as NDJSON, one object per line:
 * <pre>{"stream":"orders","shardId":"shardId-000000000001","sequenceNumber":"4959...","subSequenceNumber":0,
 * "partitionKey":"customer-7","arrivalTime":"2026-11-21T10:15:30Z","reason":"bad JSON at offset 7: ...",
 * "failedAt":"2026-11-21T10:15:31Z","data":"eyJhIjox..."}</pre>
 * The data is base64, so that any record, text or not, comes back byte for byte.
 */
public final class DeadLetterCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeadLetterCodec() {
    }

    public static byte[] encode(List<DeadLetter> letters) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (DeadLetter letter : letters) {
            RecordCoordinates at = letter.coordinates();
            ObjectNode line = JSON.createObjectNode()
                    .put("stream", at.stream())
                    .put("shardId", at.shardId())
                    .put("sequenceNumber", at.sequenceNumber())
                    .put("subSequenceNumber", at.subSequenceNumber())
                    .put("partitionKey", at.partitionKey())
                    .put("arrivalTime", at.arrivalTime() == null ? null : at.arrivalTime().toString())
                    .put("reason", letter.reason())
                    .put("failedAt", letter.failedAt().toString())
                    .put("data", Base64.getEncoder().encodeToString(letter.record().data()));
            try {
                out.write(JSON.writeValueAsBytes(line));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** Reads the letters of one NDJSON file; {@code source} names it in errors. */
    public static List<DeadLetter> decode(String text, String source) throws IOException {
        List<DeadLetter> letters = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                letters.add(decodeLine(JSON.readTree(lines[i])));
            } catch (JsonProcessingException | RuntimeException e) {
                throw new IOException("Line " + (i + 1) + " of " + source + " is not a dead letter: " + e.getMessage(), e);
            }
        }
        return letters;
    }

    private static DeadLetter decodeLine(JsonNode line) {
        RecordCoordinates coordinates = new RecordCoordinates(
                line.required("stream").asText(),
                line.required("shardId").asText(),
                line.required("sequenceNumber").asText(),
                line.path("subSequenceNumber").asLong(0),
                line.path("partitionKey").isTextual() ? line.get("partitionKey").asText() : null,
                line.path("arrivalTime").isTextual() ? Instant.parse(line.get("arrivalTime").asText()) : null);
        byte[] data = Base64.getDecoder().decode(line.required("data").asText());
        return new DeadLetter(new SourceRecord(coordinates, data), line.required("reason").asText(),
                Instant.parse(line.required("failedAt").asText()));
    }
}
