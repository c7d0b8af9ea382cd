package io.kinesisopensearch.decode;

import io.kinesisopensearch.record.MappingException;
import io.kinesisopensearch.record.SourceRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
        // Inflated straight into an array of the size the trailer announces: no staging buffer, no
        // copy when the announcement holds (one gzip member, as CloudWatch Logs sends).
        byte[] out = new byte[sizeHint(data)];
        int length = 0;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data), 8192)) {
            while (true) {
                if (length == out.length) {
                    int next = in.read(); // full: is there more?
                    if (next < 0) {
                        break;
                    }
                    if (length >= MAX_INFLATED_BYTES) {
                        throw new MappingException(record.coordinates(),
                                "gzip payload inflates to more than " + MAX_INFLATED_BYTES + " bytes");
                    }
                    out = Arrays.copyOf(out, (int) Math.min(MAX_INFLATED_BYTES, out.length * 2L));
                    out[length++] = (byte) next;
                }
                int read = in.read(out, length, out.length - length);
                if (read < 0) {
                    break;
                }
                length += read;
            }
        } catch (IOException | RuntimeException e) {
            // java.util.zip reports some corrupt streams with unchecked exceptions.
            throw new MappingException(record.coordinates(), "gzip corrupt: " + e.getMessage(), e);
        }
        return length == out.length ? out : Arrays.copyOf(out, length);
    }

    /**
     * The inflated size the gzip trailer announces (ISIZE, the size modulo 2^32 of the last member),
     * when it is plausible: deflate shrinks data 1032 times at most, and more than the bound is
     * refused anyway; else a guess.
     */
    static int sizeHint(byte[] data) {
        int n = data.length;
        long announced = n < 18 ? 0 : (data[n - 4] & 0xffL) | (data[n - 3] & 0xffL) << 8 | (data[n - 2] & 0xffL) << 16
                | (data[n - 1] & 0xffL) << 24;
        if (announced > 0 && announced <= MAX_INFLATED_BYTES && announced <= n * 1032L) {
            return (int) announced;
        }
        return (int) Math.min(MAX_INFLATED_BYTES, Math.max(64, n * 4L));
    }
}
