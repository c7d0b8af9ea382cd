package io.kinesisopensearch.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The fast reading of an inflated CloudWatch Logs payload: one pass of a streaming parser, no tree
 * of the payload, each log event's document made as soon as the event is read. It covers the
 * payloads CloudWatch Logs sends, a DATA_MESSAGE whose header fields ({@code messageType},
 * {@code owner}, {@code logGroup}, {@code logStream}) each come once, before {@code logEvents}, and
 * whose events are all valid; for anything else it answers {@code null}, and the decoder reads the
 * payload as a tree instead ({@link CloudWatchLogsDecoder#decodeTree}), which then gives the same
 * documents or the exact error and the rejected events. Not thread-safe: one per payload.
 */
final class CloudWatchLogsStream {

    private static final int TYPE = 1;
    private static final int OWNER = 2;
    private static final int GROUP = 4;
    private static final int STREAM = 8;
    private static final int EVENTS = 16;

    private final CloudWatchLogsDecoder decoder;
    private String logGroup;
    private String logStream;
    private String owner;

    CloudWatchLogsStream(CloudWatchLogsDecoder decoder) {
        this.decoder = decoder;
    }

    /** The documents of the payload {@code json}, or {@code null} when it must be read as a tree. */
    List<DecodedDocument> read(byte[] json) {
        try (JsonParser parser = Json.FACTORY.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            int seen = 0;
            boolean data = false;
            List<DecodedDocument> documents = null;
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                int field = switch (name) {
                    case "messageType" -> TYPE;
                    case "owner" -> OWNER;
                    case "logGroup" -> GROUP;
                    case "logStream" -> STREAM;
                    case "logEvents" -> EVENTS;
                    default -> 0;
                };
                if ((seen & field) != 0 || (seen & EVENTS) != 0 && field != 0) {
                    return null; // repeated (the last would count), or after the events that needed it
                }
                seen |= field;
                if (field != 0 && field != EVENTS && value != JsonToken.VALUE_STRING) {
                    return null; // CloudWatch Logs writes these as strings; the tree reading says what else does
                }
                switch (field) {
                    case TYPE -> data = parser.getText().equals("DATA_MESSAGE");
                    case OWNER -> owner = parser.getText();
                    case GROUP -> logGroup = parser.getText();
                    case STREAM -> logStream = parser.getText();
                    case EVENTS -> {
                        if (!data || logGroup == null || logStream == null || value != JsonToken.START_ARRAY) {
                            return null;
                        }
                        documents = events(parser);
                        if (documents == null) {
                            return null;
                        }
                    }
                    default -> skip(parser);
                }
            }
            // The tree reader refuses trailing content after the object, and so does this path.
            return token == JsonToken.END_OBJECT && parser.nextToken() == null ? documents : null;
        } catch (IOException | RuntimeException e) {
            // Bad JSON, or a number BigDecimal cannot hold: the tree reading reports it precisely.
            return null;
        }
    }

    private List<DecodedDocument> events(JsonParser parser) throws IOException {
        try (LogDocumentWriter writer = decoder.writesSources() ? new LogDocumentWriter(logGroup, logStream, owner) : null) {
            return events(parser, writer);
        }
    }

    private List<DecodedDocument> events(JsonParser parser, LogDocumentWriter writer) throws IOException {
        List<DecodedDocument> documents = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.START_OBJECT) {
            String id = null;
            Instant at = null;
            String text = null;
            byte[] source = null;
            int seen = 0;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                int field = switch (name) {
                    case "id" -> 1;
                    case "timestamp" -> 2;
                    case "message" -> 4;
                    default -> 0;
                };
                if ((seen & field) != 0) {
                    return null;
                }
                seen |= field;
                if (field == 0) {
                    skip(parser);
                } else if (value != (field == 2 ? JsonToken.VALUE_NUMBER_INT : JsonToken.VALUE_STRING)) {
                    return null; // the tree reading rejects the event, naming it
                } else if (field == 2) {
                    at = parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? null
                            : Timestamps.parse(parser.getLongValue(), TimestampFormat.EPOCH_MILLIS);
                } else if (field == 1) {
                    id = parser.getText();
                } else if (writer != null && id != null && !id.isEmpty() && at != null
                        && !decoder.mayParse(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength())) {
                    // The usual order (id, timestamp, message): the document is written from the
                    // parser's characters, and the message never becomes a String.
                    source = writer.write(at, parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
                    text = "";
                } else {
                    text = parser.getText();
                }
            }
            if (id == null || id.isEmpty() || at == null || text == null) {
                return null; // the tree reading names the event and what it lacks
            }
            documents.add(source != null ? new DecodedDocument(documents.size(), Json.nodes().objectNode(), source, null, id, null, at)
                    : document(documents.size(), id, at, text, writer));
        }
        return token == JsonToken.END_ARRAY ? documents : null;
    }

    private DecodedDocument document(int part, String id, Instant at, String text, LogDocumentWriter writer)
            throws IOException {
        ObjectNode parsed = decoder.parsedMessage(text);
        if (writer == null) {
            ObjectNode fields = CloudWatchLogsDecoder.fields(parsed, text, at, logGroup, logStream, owner);
            return new DecodedDocument(part, fields, null, null, id, null, at);
        }
        byte[] source = parsed == null ? writer.write(at, text)
                : Json.write(CloudWatchLogsDecoder.fields(parsed, text, at, logGroup, logStream, owner));
        return new DecodedDocument(part, Json.nodes().objectNode(), source, null, id, null, at);
    }

    /**
     * Skips the value the parser is at. Decimals are still converted, as the tree reading converts
     * them (to BigDecimal), so that a number it refuses is refused here too.
     */
    private static void skip(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        int depth = 0;
        do {
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                depth++;
            } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                depth--;
            } else if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                parser.getDecimalValue();
            }
        } while (depth > 0 && (token = parser.nextToken()) != null);
    }
}
