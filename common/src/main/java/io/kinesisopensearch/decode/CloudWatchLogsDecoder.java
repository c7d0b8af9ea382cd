package io.kinesisopensearch.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.record.MappingException;
import io.kinesisopensearch.record.SourceRecord;
import java.time.Instant;
import java.util.List;

/**
 * CloudWatch Logs subscription payloads: gzip of one JSON message. A DATA_MESSAGE becomes one
 * document per log event ({@code @timestamp}, {@code message}, {@code logGroup}, {@code logStream},
 * {@code owner}) whose id is the event id; a CONTROL_MESSAGE (the health check CloudWatch Logs sends
 * when a subscription is created) becomes nothing.
 *
 * <p>With {@code mapping.logs.parse-json=true} a message that is a JSON object is also parsed into
 * fields at the top of the document; a message that is not keeps being text, since log groups
 * commonly mix both.
 *
 * <p>A payload is first read with a streaming parser ({@link CloudWatchLogsStream}), which builds no
 * tree of the payload and, when the mapping changes nothing, writes each document straight away
 * ({@link LogDocumentWriter}). Anything that path does not expect (a control message, a bad event,
 * bad JSON, repeated or late header fields) is read again here as a tree, which gives the same
 * documents or the exact error; so both paths always agree, and the tree is the reference.
 */
public final class CloudWatchLogsDecoder implements PayloadDecoder {

    public static final String PARSE_JSON = "mapping.logs.parse-json";

    private final boolean parseJsonMessages;
    private final boolean writeSources;

    /** A decoder that hands on each document's fields, for a mapping to change and write. */
    public CloudWatchLogsDecoder(boolean parseJsonMessages) {
        this(parseJsonMessages, false);
    }

    /**
     * @param writeSources whether each document's JSON is written here, for a mapping that changes
     *                     nothing and looks nothing up in the document; its fields are then left empty
     */
    public CloudWatchLogsDecoder(boolean parseJsonMessages, boolean writeSources) {
        this.parseJsonMessages = parseJsonMessages;
        this.writeSources = writeSources;
    }

    @Override
    public void decode(SourceRecord record, DocumentSink sink) throws MappingException {
        byte[] json = Gzip.inflate(record);
        List<DecodedDocument> documents = new CloudWatchLogsStream(this).read(json);
        if (documents == null) {
            decodeTree(record, json, sink);
            return;
        }
        for (DecodedDocument document : documents) {
            sink.accept(document);
        }
    }

    boolean writesSources() {
        return writeSources;
    }

    /** The reference reading of an inflated payload, as a tree; every document is handed on as fields. */
    void decodeTree(SourceRecord record, byte[] json, DocumentSink sink) throws MappingException {
        ObjectNode message = Json.readObject(record, json, 0, json.length, "CloudWatch Logs payload");
        String type = message.path("messageType").asText("");
        if (type.equals("CONTROL_MESSAGE")) {
            return;
        }
        if (!type.equals("DATA_MESSAGE")) {
            throw new MappingException(record.coordinates(), "CloudWatch Logs messageType is "
                    + Json.preview(message.path("messageType")) + ", expected DATA_MESSAGE or CONTROL_MESSAGE");
        }
        String logGroup = requireText(record, message, "logGroup");
        String logStream = requireText(record, message, "logStream");
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
            ObjectNode document = fields(parsedMessage(text.textValue()), text.textValue(), at, logGroup, logStream,
                    owner.isTextual() ? owner.textValue() : null);
            sink.accept(new DecodedDocument(i, document, null, null, id.textValue(), null, at));
        }
    }

    /** The message parsed into fields, or null when it stays text (parsing off, or not a JSON object). */
    ObjectNode parsedMessage(String message) {
        return parseJsonMessages ? parse(message) : null;
    }

    /**
     * Whether the message in {@code chars} would be parsed: parsing is on and the message, trimmed as
     * {@link String#trim()} trims, starts with '{' and ends with '}'.
     */
    boolean mayParse(char[] chars, int offset, int length) {
        if (!parseJsonMessages) {
            return false;
        }
        int first = offset;
        int last = offset + length - 1;
        while (first <= last && chars[first] <= ' ') {
            first++;
        }
        while (last >= first && chars[last] <= ' ') {
            last--;
        }
        return last - first >= 1 && chars[first] == '{' && chars[last] == '}';
    }

    /**
     * One log event's document as fields: the parsed message's fields first, then {@code @timestamp},
     * the message unless the parsed one has its own, the group, the stream and the owner if known.
     */
    static ObjectNode fields(ObjectNode parsed, String text, Instant at, String logGroup, String logStream,
            String owner) {
        ObjectNode document = Json.nodes().objectNode();
        if (parsed != null) {
            document.setAll(parsed);
        }
        document.put("@timestamp", Timestamps.format(at));
        if (parsed == null || !parsed.has("message")) {
            document.put("message", text);
        }
        document.put("logGroup", logGroup);
        document.put("logStream", logStream);
        if (owner != null) {
            document.put("owner", owner);
        }
        return document;
    }

    private static String requireText(SourceRecord record, ObjectNode message, String field) throws MappingException {
        JsonNode value = message.path(field);
        if (!value.isTextual()) {
            throw new MappingException(record.coordinates(), "CloudWatch Logs DATA_MESSAGE without a " + field);
        }
        return value.textValue();
    }

    private static ObjectNode parse(String message) {
        String trimmed = message.trim();
        if (trimmed.length() < 2 || trimmed.charAt(0) != '{' || trimmed.charAt(trimmed.length() - 1) != '}') {
            return null;
        }
        try {
            JsonNode node = Json.mapper().readTree(trimmed);
            return node instanceof ObjectNode object ? object : null;
        } catch (java.io.IOException | NumberFormatException e) {
            return null; // not JSON after all (or a number out of range): the message stays text
        }
    }
}
