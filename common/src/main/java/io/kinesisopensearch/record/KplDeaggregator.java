package io.kinesisopensearch.record;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits records that the Kinesis Producer Library aggregated into the user records they hold.
 *
 * <p>The KPL format: the magic bytes {@code F3 89 9A C2}, a protobuf {@code AggregatedRecord}
 * (1: partition key table, 2: explicit hash key table, 3: records, each with 1: partition key index,
 * 2: explicit hash key index, 3: data, 4: tags), then the 16-byte MD5 of the protobuf bytes. The
 * protobuf is read here by hand so that {@code common} needs no protobuf library.
 *
 * <p>KCL already de-aggregates for the consumer; this is for paths that see raw Kinesis records,
 * such as a Firehose transformer. Unlike KCL, which passes a record whose checksum does not match on
 * as if it were not aggregated, a record that starts with the magic bytes but is truncated or fails
 * its checksum is an error here: silently indexing KPL framing as a document helps nobody.
 */
public final class KplDeaggregator {

    private static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};
    private static final int DIGEST_LENGTH = 16;

    private KplDeaggregator() {
    }

    /** True when {@code data} starts with the KPL magic bytes. */
    public static boolean isAggregated(byte[] data) {
        return data.length >= MAGIC.length && Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /**
     * The user records in {@code record}: the record itself when it is not aggregated, else one per
     * sub-record, each with its position as sub-sequence number and its own partition key.
     *
     * @throws MappingException if the record is an aggregate that is truncated, fails its MD5 check
     *                          or does not follow the format
     */
    public static List<SourceRecord> deaggregate(SourceRecord record) throws MappingException {
        byte[] data = record.data();
        if (!isAggregated(data)) {
            return List.of(record);
        }
        RecordCoordinates at = record.coordinates();
        int end = data.length - DIGEST_LENGTH;
        if (end < MAGIC.length) {
            throw corrupt(at, "truncated: " + data.length + " bytes cannot hold the magic bytes and the MD5 checksum");
        }
        byte[] digest = md5(data, MAGIC.length, end - MAGIC.length);
        if (!Arrays.equals(digest, 0, DIGEST_LENGTH, data, end, data.length)) {
            throw corrupt(at, "the MD5 checksum does not match (truncated or changed in transit)");
        }
        try {
            return parse(record, data, MAGIC.length, end);
        } catch (Corrupt e) {
            throw corrupt(at, e.getMessage());
        }
    }

    private static List<SourceRecord> parse(SourceRecord record, byte[] data, int from, int to) throws Corrupt {
        List<String> partitionKeys = new ArrayList<>();
        List<String> hashKeys = new ArrayList<>();
        List<int[]> entries = new ArrayList<>();
        ProtobufReader reader = new ProtobufReader(data, from, to);
        while (reader.hasMore()) {
            long tag = reader.varint();
            int field = (int) (tag >>> 3);
            int wireType = (int) (tag & 7);
            if (wireType == ProtobufReader.LENGTH_DELIMITED && field >= 1 && field <= 3) {
                int length = reader.length();
                int start = reader.position();
                reader.skip(length);
                switch (field) {
                    case 1 -> partitionKeys.add(utf8(data, start, length, "partition key"));
                    case 2 -> hashKeys.add(utf8(data, start, length, "explicit hash key"));
                    default -> entries.add(new int[] {start, start + length});
                }
            } else {
                reader.skipField(wireType);
            }
        }
        List<SourceRecord> records = new ArrayList<>(entries.size());
        RecordCoordinates outer = record.coordinates();
        for (int i = 0; i < entries.size(); i++) {
            int[] entry = entries.get(i);
            ProtobufReader sub = new ProtobufReader(data, entry[0], entry[1]);
            long keyIndex = -1;
            long hashKeyIndex = -1;
            byte[] payload = null;
            while (sub.hasMore()) {
                long tag = sub.varint();
                int field = (int) (tag >>> 3);
                int wireType = (int) (tag & 7);
                if (field == 1 && wireType == ProtobufReader.VARINT) {
                    keyIndex = sub.varint();
                } else if (field == 2 && wireType == ProtobufReader.VARINT) {
                    hashKeyIndex = sub.varint();
                } else if (field == 3 && wireType == ProtobufReader.LENGTH_DELIMITED) {
                    int length = sub.length();
                    payload = Arrays.copyOfRange(data, sub.position(), sub.position() + length);
                    sub.skip(length);
                } else {
                    sub.skipField(wireType);
                }
            }
            if (keyIndex < 0 || payload == null) {
                throw new Corrupt("sub-record " + i + " lacks its partition key index or its data");
            }
            if (keyIndex >= partitionKeys.size()) {
                throw new Corrupt("sub-record " + i + " names partition key " + Long.toUnsignedString(keyIndex)
                        + " of a table of " + partitionKeys.size());
            }
            if (hashKeyIndex >= 0 && hashKeyIndex >= hashKeys.size() || hashKeyIndex < -1) {
                throw new Corrupt("sub-record " + i + " names explicit hash key " + Long.toUnsignedString(hashKeyIndex)
                        + " of a table of " + hashKeys.size());
            }
            RecordCoordinates coordinates = new RecordCoordinates(outer.stream(), outer.shardId(), outer.sequenceNumber(),
                    i, partitionKeys.get((int) keyIndex), outer.arrivalTime());
            records.add(new SourceRecord(coordinates, payload));
        }
        return records;
    }

    private static String utf8(byte[] data, int start, int length, String what) throws Corrupt {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(data, start, length)).toString();
        } catch (CharacterCodingException e) {
            throw new Corrupt("a " + what + " is not UTF-8");
        }
    }

    private static byte[] md5(byte[] data, int offset, int length) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(data, offset, length);
            return md5.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }

    private static MappingException corrupt(RecordCoordinates at, String reason) {
        return new MappingException(at, "KPL aggregated record corrupt: " + reason);
    }

    /** The aggregate does not follow the format; the message says where. */
    static final class Corrupt extends Exception {
        Corrupt(String message) {
            super(message, null, false, false);
        }
    }
}
