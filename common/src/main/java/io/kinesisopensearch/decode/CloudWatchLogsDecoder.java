package io.kinesisopensearch.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.mapping.MappingException;
import io.kinesisopensearch.record.SourceRecord;
import java.time.Instant;

/**
 * CloudWatch Logs subscription payloads: gzip of one JSON message. A DATA_MESSAGE becomes one
 * document per log event ({@code @timestamp}, {@code message}, {@code logGroup}, {@code logStream},
 * {@code owner}) whose id is the event id; a CONTROL_MESSAGE (the health check CloudWatch Logs sends
 * when a subscription is created) becomes nothing.
 *
 * <p>With {@code mapping.logs.parse-json=true} a message that is a JSON object is also parsed into
 * fields at the top of the document; a message that is not keeps being text, since log groups
 * commonly mix both.
 */
public final class CloudWatchLogsDecoder implements PayloadDecoder {

    public static final String PARSE_JSON = "mapping.logs.parse-json";

    private final boolean parseJsonMessages;

    public CloudWatchLogsDecoder(boolean parseJsonMessages) {
        this.parseJsonMessages = parseJsonMessages;
    }

    @Override
    public void decode(SourceRecord record, DocumentSink sink) throws MappingException {
        byte[] json = Gzip.inflate(record);
        ObjectNode message = Json.readObject(record, json, 0, json.length, "CloudWatch Logs payload");
        String type = message.path("messageType").asText("");
        if (type.equals("CONTROL_MESSAGE")) {
            return;
        }
        if (!type.equals("DATA_MESSAGE")) {
            throw new MappingException(record.coordinates(), "CloudWatch Logs messageType is "
                    + Json.preview(message.path("messageType")) + ", expected DATA_MESSAGE or CONTROL_MESSAGE");
        }
        JsonNode logGroup = requireText(record, message, "logGroup");
        JsonNode logStream = requireText(record, message, "logStream");
        JsonNode owner = message.path("owner");
        JsonNode events = message.path("logEvents");
        if (!events.isArray()) {
            throw new MappingException(record.coordinates(), "CloudWatch Logs DATA_MESSAGE without a logEvents array");
        }
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            JsonNode id = event.path("id");
            JsonNode timestamp = event.path("timestamp");
            JsonNode text = event.path("message");
            Instant at = timestamp.isIntegralNumber() ? Timestamps.parse(timestamp, TimestampFormat.EPOCH_MILLIS) : null;
            if (!id.isTextual() || id.textValue().isEmpty() || at == null || !text.isTextual()) {
                sink.reject(i, "log event " + i + " needs a string id, a timestamp in epoch milliseconds and a string"
                        + " message: " + Json.preview(event));
                continue;
            }
            ObjectNode document = Json.NODES.objectNode();
            ObjectNode parsed = parseJsonMessages ? parse(text.textValue()) : null;
            if (parsed != null) {
                document.setAll(parsed);
            }
            document.put("@timestamp", Timestamps.format(at));
            if (parsed == null || !parsed.has("message")) {
                document.set("message", text);
            }
            document.set("logGroup", logGroup);
            document.set("logStream", logStream);
            if (owner.isTextual()) {
                document.set("owner", owner);
            }
            sink.accept(new DecodedDocument(i, document, null, null, id.textValue(), null, at));
        }
    }

    private static JsonNode requireText(SourceRecord record, ObjectNode message, String field) throws MappingException {
        JsonNode value = message.path(field);
        if (!value.isTextual()) {
            throw new MappingException(record.coordinates(), "CloudWatch Logs DATA_MESSAGE without a " + field);
        }
        return value;
    }

    private static ObjectNode parse(String message) {
        String trimmed = message.trim();
        if (trimmed.length() < 2 || trimmed.charAt(0) != '{' || trimmed.charAt(trimmed.length() - 1) != '}') {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(trimmed);
            return node instanceof ObjectNode object ? object : null;
        } catch (java.io.IOException | NumberFormatException e) {
            return null; // not JSON after all (or a number out of range): the message stays text
        }
    }
}
