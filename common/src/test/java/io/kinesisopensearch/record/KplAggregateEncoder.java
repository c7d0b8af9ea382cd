package io.kinesisopensearch.record;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/** Writes KPL aggregated records as the Kinesis Producer Library does, for tests. */
public final class KplAggregateEncoder {

    /** One user record: partition key, optional explicit hash key, data. */
    public record UserRecord(String partitionKey, String explicitHashKey, byte[] data) {
    }

    private KplAggregateEncoder() {
    }

    public static byte[] encode(List<UserRecord> records) {
        List<String> keys = new ArrayList<>();
        List<String> hashKeys = new ArrayList<>();
        ByteArrayOutputStream proto = new ByteArrayOutputStream();
        for (UserRecord record : records) {
            if (!keys.contains(record.partitionKey())) {
                keys.add(record.partitionKey());
            }
            if (record.explicitHashKey() != null && !hashKeys.contains(record.explicitHashKey())) {
                hashKeys.add(record.explicitHashKey());
            }
        }
        for (String key : keys) {
            bytesField(proto, 1, key.getBytes(StandardCharsets.UTF_8));
        }
        for (String key : hashKeys) {
            bytesField(proto, 2, key.getBytes(StandardCharsets.UTF_8));
        }
        for (UserRecord record : records) {
            ByteArrayOutputStream sub = new ByteArrayOutputStream();
            varintField(sub, 1, keys.indexOf(record.partitionKey()));
            if (record.explicitHashKey() != null) {
                varintField(sub, 2, hashKeys.indexOf(record.explicitHashKey()));
            }
            bytesField(sub, 3, record.data());
            // a tag {key: "origin", value: "test"}, which readers skip
            ByteArrayOutputStream tag = new ByteArrayOutputStream();
            bytesField(tag, 1, "origin".getBytes(StandardCharsets.UTF_8));
            bytesField(tag, 2, "test".getBytes(StandardCharsets.UTF_8));
            bytesField(sub, 4, tag.toByteArray());
            bytesField(proto, 3, sub.toByteArray());
        }
        byte[] body = proto.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2});
        out.writeBytes(body);
        try {
            out.writeBytes(MessageDigest.getInstance("MD5").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static void varintField(ByteArrayOutputStream out, int field, long value) {
        varint(out, (long) field << 3);
        varint(out, value);
    }

    private static void bytesField(ByteArrayOutputStream out, int field, byte[] value) {
        varint(out, ((long) field << 3) | 2);
        varint(out, value.length);
        out.writeBytes(value);
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
