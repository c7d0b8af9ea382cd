package io.kinesisopensearch.decode;

import io.kinesisopensearch.mapping.MappingException;
import io.kinesisopensearch.record.SourceRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Gzip as CloudWatch Logs subscriptions send it: inflated with a size bound against gzip bombs, and
 * compressed the same way for payloads that tests, benchmarks and SnapStart priming build.
 */
public final class Gzip {

    /** A Kinesis record holds at most 10 MiB; what inflates past this is refused, not buffered. */
    static final int MAX_INFLATED_BYTES = 64 * 1024 * 1024;

    private Gzip() {
    }

    /** {@code text} as UTF-8, gzipped. */
    public static byte[] compress(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static boolean isGzip(byte[] data) {
        return data.length >= 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b;
    }

    static byte[] inflate(SourceRecord record) throws MappingException {
        byte[] data = record.data();
        if (!isGzip(data)) {
            throw new MappingException(record.coordinates(), "not gzip: the record does not start with the gzip magic bytes 1f 8b");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length * 4));
        byte[] buffer = new byte[8192];
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data), buffer.length)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                if (out.size() + read > MAX_INFLATED_BYTES) {
                    throw new MappingException(record.coordinates(),
                            "gzip payload inflates to more than " + MAX_INFLATED_BYTES + " bytes");
                }
                out.write(buffer, 0, read);
            }
        } catch (IOException | RuntimeException e) {
            // java.util.zip reports some corrupt streams with unchecked exceptions.
            throw new MappingException(record.coordinates(), "gzip corrupt: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}
