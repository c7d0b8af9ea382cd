package io.kinesisopensearch.localstack.dynamodbstreams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * The streams, their shards and records, and DynamoDB Streams' four operations on them. Every
 * method holds this object's lock: writes append in the order the stand-in serialised them, and a
 * reader sees a shard as a whole.
 */
final class StreamStore {

    static final String STREAM_VIEW_KEYS_ONLY = "KEYS_ONLY";
    private static final int MAX_RECORDS = 1_000;
    private static final long MAX_RESPONSE_BYTES = 1024 * 1024;
    private static final int MAX_SHARDS = 100;
    private static final int MAX_STREAMS = 100;
    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);
    /** Sequence numbers are 21 digits (AWS: 21 to 40), growing by one a record across all streams. */
    private static final BigInteger SEQUENCE_BASE = BigInteger.TEN.pow(20);

    private final String region;
    private final String account;
    private final LongSupplier clock;
    private final Timing timing;
    private final Map<String, Stream> streams = new LinkedHashMap<>();
    private final Map<String, Stream> latestByTable = new HashMap<>();
    private long sequence;
    private long shardCounter;
    private long lastLabelMillis;

    /** The settings the service's own clock works with; changeable while running. */
    interface Timing {
        long rolloverMillis();

        long iteratorLifetimeMillis();

        long retentionMillis();
    }

    StreamStore(String region, String account, LongSupplier clock, Timing timing) {
        this.region = region;
        this.account = account;
        this.clock = clock;
        this.timing = timing;
    }

    /** A table's stream as DescribeTable shows it. */
    record TableStream(String arn, String label, boolean enabled, String viewType) {
    }

    // ---- the table side: what CreateTable, UpdateTable, DeleteTable and the writes do ----

    /** A new stream on {@code table} (CreateTable or UpdateTable with StreamEnabled). */
    synchronized TableStream enable(String table, String viewType, ArrayNode keySchema) {
        maintain();
        Stream current = latestByTable.get(table);
        if (current != null && current.enabled) {
            throw StreamsError.validation("Table already has an enabled stream: " + current.arn);
        }
        long now = clock.getAsLong();
        long labelMillis = Math.max(now, lastLabelMillis + 1);
        lastLabelMillis = labelMillis;
        String label = LABEL.format(Instant.ofEpochMilli(labelMillis));
        String arn = "arn:aws:dynamodb:" + region + ":" + account + ":table/" + table + "/stream/" + label;
        Stream stream = new Stream(arn, label, table, viewType, keySchema.deepCopy(), now);
        stream.open = newShard(null, now);
        stream.shards.add(stream.open);
        streams.put(arn, stream);
        latestByTable.put(table, stream);
        return stream.view();
    }

    /** Disables {@code table}'s stream (UpdateTable with StreamEnabled false, DeleteTable): its open shard is closed. */
    synchronized void disable(String table, boolean mustBeEnabled) {
        maintain();
        Stream current = latestByTable.get(table);
        if (current == null || !current.enabled) {
            if (mustBeEnabled) {
                throw StreamsError.validation("Table " + table + " has no enabled stream to disable");
            }
            return;
        }
        close(current, clock.getAsLong());
        current.enabled = false;
    }

    /** A table created anew under a name: the old table's streams are no longer its latest. */
    synchronized void forgetTable(String table) {
        disable(table, false);
        latestByTable.remove(table);
    }

    /** The table's latest stream, enabled or not; null if it never had one. */
    synchronized TableStream latest(String table) {
        Stream stream = latestByTable.get(table);
        return stream == null ? null : stream.view();
    }

    /** The key schema of {@code table}'s enabled stream, null without one. */
    synchronized ArrayNode enabledKeySchema(String table) {
        Stream stream = latestByTable.get(table);
        return stream != null && stream.enabled ? stream.keySchema : null;
    }

    /**
     * Records the change of one item from {@code before} to {@code after} (null: no item) on
     * {@code table}'s enabled stream; nothing when the item did not change or there is no stream.
     */
    synchronized void record(String table, ObjectNode before, ObjectNode after) {
        maintain();
        Stream stream = latestByTable.get(table);
        if (stream == null || !stream.enabled || (before == null ? after == null : before.equals(after))) {
            return;
        }
        String eventName = before == null ? "INSERT" : after == null ? "REMOVE" : "MODIFY";
        ObjectNode item = after != null ? after : before;
        ObjectNode keys = Backend.JSON.createObjectNode();
        for (JsonNode element : stream.keySchema) {
            String name = element.path("AttributeName").asText();
            keys.set(name, item.get(name));
        }
        long now = clock.getAsLong();
        BigInteger sequenceNumber = nextSequence();
        ObjectNode change = Backend.JSON.createObjectNode();
        change.put("ApproximateCreationDateTime", now / 1000);
        change.set("Keys", keys);
        long size = ItemSize.of(keys);
        boolean newImage = after != null && (stream.viewType.equals("NEW_IMAGE") || stream.viewType.equals("NEW_AND_OLD_IMAGES"));
        boolean oldImage = before != null && (stream.viewType.equals("OLD_IMAGE") || stream.viewType.equals("NEW_AND_OLD_IMAGES"));
        if (newImage) {
            change.set("NewImage", after);
            size += ItemSize.of(after);
        }
        if (oldImage) {
            change.set("OldImage", before);
            size += ItemSize.of(before);
        }
        change.put("SequenceNumber", sequenceNumber.toString());
        change.put("SizeBytes", size);
        change.put("StreamViewType", stream.viewType);
        ObjectNode record = Backend.JSON.createObjectNode();
        byte[] id = new byte[16];
        ThreadLocalRandom.current().nextBytes(id);
        record.put("eventID", HexFormat.of().formatHex(id));
        record.put("eventName", eventName);
        record.put("eventVersion", "1.1");
        record.put("eventSource", "aws:dynamodb");
        record.put("awsRegion", region);
        record.set("dynamodb", change);
        stream.open.records.add(new Record(sequenceNumber, now, record,
                record.toString().getBytes(StandardCharsets.UTF_8).length));
    }

    // ---- the Streams API ----

    synchronized ObjectNode listStreams(JsonNode request) {
        maintain();
        String table = text(request, "TableName");
        int limit = limit(request, MAX_STREAMS);
        String exclusiveStart = text(request, "ExclusiveStartStreamArn");
        List<Stream> matching = streams.values().stream().filter(s -> table == null || s.table.equals(table)).toList();
        int from = 0;
        if (exclusiveStart != null) {
            from = indexOf(matching.stream().map(s -> s.arn).toList(), exclusiveStart) + 1;
        }
        ObjectNode response = Backend.JSON.createObjectNode();
        ArrayNode list = response.putArray("Streams");
        int to = Math.min(matching.size(), from + limit);
        for (Stream stream : matching.subList(Math.min(from, to), to)) {
            list.addObject().put("StreamArn", stream.arn).put("TableName", stream.table).put("StreamLabel", stream.label);
        }
        if (to < matching.size()) {
            response.put("LastEvaluatedStreamArn", matching.get(to - 1).arn);
        }
        return response;
    }

    synchronized ObjectNode describeStream(JsonNode request) {
        maintain();
        Stream stream = stream(required(request, "StreamArn"));
        int limit = limit(request, MAX_SHARDS);
        List<Shard> shards = stream.shards;
        JsonNode filter = request.get("ShardFilter");
        if (filter != null && !filter.isNull()) {
            String type = text(filter, "Type");
            String parent = text(filter, "ShardId");
            if (!"CHILD_SHARDS".equals(type) || parent == null) {
                throw StreamsError.validation("ShardFilter needs Type CHILD_SHARDS and a ShardId");
            }
            shards = shards.stream().filter(shard -> parent.equals(shard.parentId)).toList();
        }
        String exclusiveStart = text(request, "ExclusiveStartShardId");
        int from = exclusiveStart == null ? 0 : indexOf(shards.stream().map(s -> s.id).toList(), exclusiveStart) + 1;
        int to = Math.min(shards.size(), from + limit);
        ObjectNode description = Backend.JSON.createObjectNode();
        description.put("StreamArn", stream.arn);
        description.put("StreamLabel", stream.label);
        description.put("StreamStatus", stream.enabled ? "ENABLED" : "DISABLED");
        description.put("StreamViewType", stream.viewType);
        description.put("CreationRequestDateTime", stream.createdMillis / 1000.0);
        description.put("TableName", stream.table);
        description.set("KeySchema", stream.keySchema);
        ArrayNode list = description.putArray("Shards");
        for (Shard shard : shards.subList(Math.min(from, to), to)) {
            ObjectNode entry = list.addObject();
            entry.put("ShardId", shard.id);
            ObjectNode range = entry.putObject("SequenceNumberRange");
            range.put("StartingSequenceNumber", shard.start.toString());
            if (shard.end != null) {
                range.put("EndingSequenceNumber", shard.end.toString());
            }
            if (shard.parentId != null) {
                entry.put("ParentShardId", shard.parentId);
            }
        }
        if (to < shards.size()) {
            description.put("LastEvaluatedShardId", shards.get(to - 1).id);
        }
        ObjectNode response = Backend.JSON.createObjectNode();
        response.set("StreamDescription", description);
        return response;
    }

    synchronized ObjectNode getShardIterator(JsonNode request) {
        maintain();
        Stream stream = stream(required(request, "StreamArn"));
        String shardId = required(request, "ShardId");
        Shard shard = shard(stream, shardId);
        String type = required(request, "ShardIteratorType");
        String sequenceText = text(request, "SequenceNumber");
        BigInteger after;
        switch (type) {
            case "TRIM_HORIZON" -> after = shard.horizon();
            case "LATEST" -> after = shard.records.isEmpty() ? shard.horizon() : shard.last().sequence;
            case "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER" -> {
                if (sequenceText == null) {
                    throw StreamsError.validation("SequenceNumber is required for ShardIteratorType " + type);
                }
                BigInteger sequenceNumber = sequence(sequenceText);
                if (sequenceNumber.compareTo(shard.start) < 0 || shard.end != null && sequenceNumber.compareTo(shard.end) > 0) {
                    throw StreamsError.validation("Invalid SequenceNumber " + sequenceText + " for shard " + shardId
                            + " of stream " + stream.arn);
                }
                after = type.equals("AT_SEQUENCE_NUMBER") ? sequenceNumber.subtract(BigInteger.ONE) : sequenceNumber;
            }
            default -> throw StreamsError.validation("1 validation error detected: Value '" + type
                    + "' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set:"
                    + " [AFTER_SEQUENCE_NUMBER, LATEST, AT_SEQUENCE_NUMBER, TRIM_HORIZON]");
        }
        checkNotTrimmed(stream, shard, after);
        ObjectNode response = Backend.JSON.createObjectNode();
        response.put("ShardIterator", iterator(stream, shard, after));
        return response;
    }

    synchronized ObjectNode getRecords(JsonNode request) {
        maintain();
        Position position = position(required(request, "ShardIterator"));
        int limit = limit(request, MAX_RECORDS);
        long now = clock.getAsLong();
        if (now - position.issuedMillis > timing.iteratorLifetimeMillis()) {
            throw new StreamsError("ExpiredIteratorException", 400, "Iterator expired. The iterator was created at time "
                    + Instant.ofEpochMilli(position.issuedMillis) + " while right now it is " + Instant.ofEpochMilli(now)
                    + " which is further in the future than the tolerated delay of "
                    + timing.iteratorLifetimeMillis() + " milliseconds.");
        }
        Stream stream = stream(position.streamArn);
        Shard shard = shard(stream, position.shardId);
        checkNotTrimmed(stream, shard, position.after);
        ObjectNode response = Backend.JSON.createObjectNode();
        ArrayNode records = response.putArray("Records");
        BigInteger last = position.after;
        long bytes = 0;
        int index = shard.firstAfter(position.after);
        for (; index < shard.records.size() && records.size() < limit; index++) {
            Record record = shard.records.get(index);
            if (!records.isEmpty() && bytes + record.size > MAX_RESPONSE_BYTES) {
                break;
            }
            records.add(record.json);
            bytes += record.size;
            last = record.sequence;
        }
        boolean endOfClosedShard = shard.end != null && index >= shard.records.size();
        if (!endOfClosedShard) {
            response.put("NextShardIterator", iterator(stream, shard, last));
        }
        return response;
    }

    // ---- the service's own clock: shard rollover and trimming ----

    /** Rolls over open shards older than the rollover interval and trims records older than the retention. */
    synchronized void maintain() {
        long now = clock.getAsLong();
        long oldest = now - timing.retentionMillis();
        for (Iterator<Stream> streamIterator = streams.values().iterator(); streamIterator.hasNext(); ) {
            Stream stream = streamIterator.next();
            if (stream.open != null && now - stream.open.openedMillis >= timing.rolloverMillis()) {
                Shard parent = stream.open;
                close(stream, now);
                stream.open = newShard(parent.id, now);
                stream.shards.add(stream.open);
            }
            for (Iterator<Shard> shardIterator = stream.shards.iterator(); shardIterator.hasNext(); ) {
                Shard shard = shardIterator.next();
                while (!shard.records.isEmpty() && shard.records.get(0).createdMillis < oldest) {
                    shard.trimmedThrough = shard.records.remove(0).sequence;
                }
                if (shard.end != null && shard.closedMillis < oldest) {
                    // Past the retention period a closed shard is gone from DescribeStream.
                    shardIterator.remove();
                }
            }
            if (!stream.enabled && stream.shards.isEmpty() && latestByTable.get(stream.table) != stream) {
                streamIterator.remove();
            }
        }
    }

    private void close(Stream stream, long now) {
        Shard shard = stream.open;
        // An empty shard's range still ends: on a number of its own that no record carries.
        shard.end = shard.records.isEmpty() ? nextSequence() : shard.last().sequence;
        shard.closedMillis = now;
        stream.open = null;
    }

    private Shard newShard(String parentId, long now) {
        shardCounter++;
        String id = String.format("shardId-%020d-%08x", now, (int) (shardCounter * 2654435761L));
        return new Shard(id, parentId, SEQUENCE_BASE.add(BigInteger.valueOf(sequence + 1)), now);
    }

    private BigInteger nextSequence() {
        sequence++;
        return SEQUENCE_BASE.add(BigInteger.valueOf(sequence));
    }

    private void checkNotTrimmed(Stream stream, Shard shard, BigInteger after) {
        if (shard.trimmedThrough != null && after.compareTo(shard.trimmedThrough) < 0) {
            throw new StreamsError("TrimmedDataAccessException", 400, "The operation attempted to read past the oldest"
                    + " stream record in shard " + shard.id + " of stream " + stream.arn
                    + ": records up to sequence number " + shard.trimmedThrough + " are past the retention period");
        }
    }

    private String iterator(Stream stream, Shard shard, BigInteger after) {
        byte[] nonce = new byte[6];
        ThreadLocalRandom.current().nextBytes(nonce);
        String plain = String.join("|", stream.arn, shard.id, after.toString(), Long.toString(clock.getAsLong()),
                HexFormat.of().formatHex(nonce));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    private record Position(String streamArn, String shardId, BigInteger after, long issuedMillis) {
    }

    private static Position position(String iterator) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(iterator), StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 5) {
                throw new IllegalArgumentException("parts");
            }
            return new Position(parts[0], parts[1], new BigInteger(parts[2]), Long.parseLong(parts[3]));
        } catch (IllegalArgumentException e) {
            throw StreamsError.validation("Invalid ShardIterator");
        }
    }

    private Stream stream(String arn) {
        Stream stream = streams.get(arn);
        if (stream == null) {
            throw StreamsError.notFound("Stream: " + arn + " not found");
        }
        return stream;
    }

    private static Shard shard(Stream stream, String shardId) {
        for (Shard shard : stream.shards) {
            if (shard.id.equals(shardId)) {
                return shard;
            }
        }
        throw StreamsError.notFound("Shard: " + shardId + " in Stream: " + stream.arn + " not found");
    }

    private static BigInteger sequence(String text) {
        if (!text.matches("[0-9]{21,40}")) {
            throw StreamsError.validation("Invalid SequenceNumber: " + text);
        }
        return new BigInteger(text);
    }

    /** The position after {@code id} in {@code ids}; for an id not there, after the last one ordered before it. */
    private static int indexOf(List<String> ids, String id) {
        int exact = ids.indexOf(id);
        if (exact >= 0) {
            return exact;
        }
        int before = -1;
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i).compareTo(id) < 0) {
                before = i;
            }
        }
        return before;
    }

    private static int limit(JsonNode request, int max) {
        JsonNode limit = request.get("Limit");
        if (limit == null || limit.isNull()) {
            return max;
        }
        if (!limit.canConvertToInt() || limit.asInt() < 1 || limit.asInt() > max) {
            throw StreamsError.validation("1 validation error detected: Value '" + limit.asText()
                    + "' at 'limit' failed to satisfy constraint: Member must have value between 1 and " + max);
        }
        return limit.asInt();
    }

    private static String text(JsonNode request, String field) {
        JsonNode value = request.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String required(JsonNode request, String field) {
        String value = text(request, field);
        if (value == null || value.isEmpty()) {
            throw StreamsError.validation("1 validation error detected: Value null at '" + Character.toLowerCase(
                    field.charAt(0)) + field.substring(1) + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    private static final class Stream {
        final String arn;
        final String label;
        final String table;
        final String viewType;
        final ArrayNode keySchema;
        final long createdMillis;
        final List<Shard> shards = new ArrayList<>();
        boolean enabled = true;
        Shard open;

        Stream(String arn, String label, String table, String viewType, ArrayNode keySchema, long createdMillis) {
            this.arn = arn;
            this.label = label;
            this.table = table;
            this.viewType = viewType;
            this.keySchema = keySchema;
            this.createdMillis = createdMillis;
        }

        TableStream view() {
            return new TableStream(arn, label, enabled, viewType);
        }
    }

    private static final class Shard {
        final String id;
        final String parentId;
        final BigInteger start;
        final long openedMillis;
        final List<Record> records = new ArrayList<>();
        BigInteger end;
        long closedMillis;
        BigInteger trimmedThrough;

        Shard(String id, String parentId, BigInteger start, long openedMillis) {
            this.id = id;
            this.parentId = parentId;
            this.start = start;
            this.openedMillis = openedMillis;
        }

        Record last() {
            return records.get(records.size() - 1);
        }

        /** The position before the oldest record still kept. */
        BigInteger horizon() {
            return trimmedThrough != null ? trimmedThrough : start.subtract(BigInteger.ONE);
        }

        /** The index of the first record after {@code after}. */
        int firstAfter(BigInteger after) {
            int low = 0;
            int high = records.size();
            while (low < high) {
                int middle = (low + high) >>> 1;
                if (records.get(middle).sequence.compareTo(after) <= 0) {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            return low;
        }
    }

    private record Record(BigInteger sequence, long createdMillis, ObjectNode json, int size) {
    }
}
