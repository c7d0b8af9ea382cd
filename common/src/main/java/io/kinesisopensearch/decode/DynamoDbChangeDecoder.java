package io.kinesisopensearch.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.record.MappingException;
import io.kinesisopensearch.record.SourceRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;

/**
 * DynamoDB change records as Kinesis Data Streams for DynamoDB delivers them: INSERT and MODIFY
 * become the item's NewImage, REMOVE a delete. The id is built from the key attributes, and the
 * change's {@code ApproximateCreationDateTime} (seconds, milliseconds or microseconds, told apart by
 * size) becomes an external version in microseconds.
 *
 * <p>The stream may deliver a change twice and out of order. The NewImage is the complete item, so
 * an INSERT or MODIFY is written as a full replacement (an index action) carrying the version: this
 * is the "upsert" of the change, and unlike OpenSearch's update API it takes an external version,
 * so a stale change is refused instead of overwriting a newer one. A REMOVE is a delete with the
 * same kind of version.
 *
 * <p>The mapping compares these versions with {@code external_gte} unless
 * {@code mapping.version-type=external} says otherwise. A duplicate of a change carries the same
 * version as the change: with {@code external_gte} it rewrites the identical image and is
 * acknowledged; with {@code external} it is refused as a conflict, which is harmless too. The two
 * differ for two <em>different</em> changes of one item with the same timestamp (possible at
 * millisecond precision): {@code external} keeps the one that arrived first, {@code external_gte}
 * the one that arrived last. A shard delivers an item's changes mostly in order, so the last to
 * arrive is more often the later change, and {@code external_gte} loses fewer updates. Microsecond
 * precision, the default for new streams, makes such ties rare.
 *
 * <p>A change read from the table's own DynamoDB Stream (rather than through Kinesis Data
 * Streams for DynamoDB) carries its stream {@code SequenceNumber}, and its time only to the second
 * too coarse to order two changes of one item. Its version is
 * then {@link #streamVersion}: the second, then the sequence number, so that of two changes of an
 * item the later always has the higher version, whether or not they share a second.
 *
 * <p>OpenSearch remembers the version of a deleted document only for {@code index.gc_deletes}
 * (60 s by default): a change older than a REMOVE that arrives more than that after the REMOVE
 * was applied recreates the item. Raise {@code index.gc_deletes} on the index when the stream may
 * be replayed from further back.
 */
public final class DynamoDbChangeDecoder implements PayloadDecoder {

    private static final String EVENT_SOURCE = "aws:dynamodb";

    @Override
    public void decode(SourceRecord record, DocumentSink sink) throws MappingException {
        decodeTree(record, Json.readObject(record, record.data(), 0, record.data().length, "JSON"), sink);
    }

    /** True when {@code document} has the shape of a DynamoDB change record. */
    static boolean looksLikeChange(ObjectNode document) {
        return document.path("dynamodb").isObject() && document.path("eventName").isTextual();
    }

    void decodeTree(SourceRecord record, ObjectNode change, DocumentSink sink) throws MappingException {
        try {
            JsonNode source = change.path("eventSource");
            if (!source.isMissingNode() && !EVENT_SOURCE.equals(source.asText())) {
                throw new DynamoDbJson.InvalidException("eventSource is " + Json.preview(source) + ", expected " + EVENT_SOURCE);
            }
            String eventName = change.path("eventName").asText("");
            JsonNode dynamodb = change.path("dynamodb");
            if (!dynamodb.isObject()) {
                throw new DynamoDbJson.InvalidException("no dynamodb object; not a DynamoDB change record");
            }
            JsonNode keys = dynamodb.path("Keys");
            if (!keys.isObject() || keys.isEmpty()) {
                throw new DynamoDbJson.InvalidException("no key attributes at /dynamodb/Keys");
            }
            String id = id(keys);
            Instant changedAt = changeTime(dynamodb.path("ApproximateCreationDateTime"));
            JsonNode sequence = dynamodb.path("SequenceNumber");
            long version = sequence.isMissingNode() ? Timestamps.micros(changedAt) : streamVersion(changedAt, sequence);
            switch (eventName) {
                case "INSERT", "MODIFY" -> {
                    JsonNode image = dynamodb.path("NewImage");
                    if (image.isMissingNode()) {
                        throw new DynamoDbJson.InvalidException(eventName + " without /dynamodb/NewImage;"
                                + " the table's stream must include new images (NEW_IMAGE or NEW_AND_OLD_IMAGES)");
                    }
                    ObjectNode item = DynamoDbJson.item(image, "/dynamodb/NewImage");
                    sink.accept(new DecodedDocument(DecodedDocument.WHOLE_RECORD, item, null, ActionType.INDEX, id,
                            version, changedAt));
                }
                case "REMOVE" -> {
                    JsonNode old = dynamodb.path("OldImage");
                    ObjectNode fields = old.isObject()
                            ? DynamoDbJson.item(old, "/dynamodb/OldImage")
                            : DynamoDbJson.item(keys, "/dynamodb/Keys");
                    sink.accept(new DecodedDocument(DecodedDocument.WHOLE_RECORD, fields, null, ActionType.DELETE, id,
                            version, changedAt));
                }
                default -> throw new DynamoDbJson.InvalidException("eventName is " + Json.preview(change.path("eventName"))
                        + ", expected INSERT, MODIFY or REMOVE");
            }
        } catch (DynamoDbJson.InvalidException e) {
            throw new MappingException(record.coordinates(), "DynamoDB change record: " + e.getMessage());
        }
    }

    /**
     * The id of the item: the key attribute's value, or for a composite key the values in attribute
     * name order joined by '|', with '\' and '|' inside values escaped by '\' so that no two keys
     * share an id. Numbers are written without trailing zeros, as DynamoDB compares them.
     */
    static String id(JsonNode keys) throws DynamoDbJson.InvalidException {
        Map<String, String> values = new TreeMap<>();
        for (Map.Entry<String, JsonNode> key : keys.properties()) {
            values.put(key.getKey(), keyValue(key.getValue(), "/dynamodb/Keys/" + key.getKey()));
        }
        return DecodedDocument.joinId(new ArrayList<>(values.values()));
    }

    private static String keyValue(JsonNode attribute, String path) throws DynamoDbJson.InvalidException {
        if (attribute.isObject() && attribute.size() == 1) {
            Map.Entry<String, JsonNode> typed = attribute.properties().iterator().next();
            JsonNode value = typed.getValue();
            switch (typed.getKey()) {
                case "S", "B" -> {
                    if (value.isTextual() && !value.textValue().isEmpty()) {
                        return value.textValue();
                    }
                }
                case "N" -> {
                    BigDecimal number = DynamoDbJson.decimal(value, path + "/N");
                    return number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString();
                }
                default -> { }
            }
        }
        throw new DynamoDbJson.InvalidException(path + " must be a key value {\"S\":...}, {\"N\":...} or {\"B\":...}, not "
                + Json.preview(attribute));
    }

    /** Digits of the sequence number kept in a stream version: the rest of the long holds the second. */
    private static final int SEQUENCE_DIGITS = 9;
    private static final long SEQUENCE_MODULUS = 1_000_000_000L;

    /**
     * The version of a DynamoDB Streams change: {@code epochSecond * 10^9 + sequenceNumber mod 10^9}.
     * Within a shard the sequence number grows with every change and the time never goes back, so
     * the pair (second, sequence number) orders an item's changes; the low nine digits are enough to
     * keep that order within one second unless they pass a multiple of 10^9 in that very second
     * (a shard writes far fewer records a second). A replay carries the same sequence number, hence
     * the same version: it never overtakes a later change. The versions are about 1000 times the
     * microsecond versions of Kinesis-delivered changes of the same time, so an index fed by
     * Kinesis Data Streams for DynamoDB can move to the stream; the other way round it needs a
     * reindex. They fit a long (and OpenSearch's versions) until the year 2262.
     */
    static long streamVersion(Instant changedAt, JsonNode sequence) throws DynamoDbJson.InvalidException {
        String digits = sequence.isTextual() ? sequence.textValue() : "";
        if (digits.isEmpty() || digits.length() > 64 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new DynamoDbJson.InvalidException("/dynamodb/SequenceNumber must be the stream's sequence number"
                    + " (a string of digits), not " + Json.preview(sequence));
        }
        long low = Long.parseLong(digits.substring(Math.max(0, digits.length() - SEQUENCE_DIGITS)));
        return Math.addExact(Math.multiplyExact(changedAt.getEpochSecond(), SEQUENCE_MODULUS), low);
    }

    private static Instant changeTime(JsonNode value) throws DynamoDbJson.InvalidException {
        Instant instant = value.isNumber() ? Timestamps.parse(value, TimestampFormat.AUTO) : null;
        if (instant == null || instant.isBefore(Instant.EPOCH)) {
            throw new DynamoDbJson.InvalidException("/dynamodb/ApproximateCreationDateTime must be the change time"
                    + " in seconds, milliseconds or microseconds since the epoch, not " + Json.preview(value));
        }
        return instant;
    }
}
