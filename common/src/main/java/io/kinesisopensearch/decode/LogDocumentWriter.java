package io.kinesisopensearch.decode;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Writes the documents of one CloudWatch Logs payload's events, byte for byte as Jackson writes the
 * same fields from a tree ({@link CloudWatchLogsDecoder#fields}):
 * {@code {"@timestamp":…,"message":…,"logGroup":…,"logStream":…,"owner":…}}. What every event of
 * the payload shares (the group, stream and owner) is written once, and only the time and the
 * message per event, the message by Jackson's own generator so that it is escaped as ever.
 */
final class LogDocumentWriter implements AutoCloseable {

    private static final byte[] START = "{\"@timestamp\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MESSAGE = "\",\"message\":".getBytes(StandardCharsets.US_ASCII);

    private final Buffer buffer = new Buffer();
    private final JsonGenerator json;
    private final byte[] end;

    LogDocumentWriter(String logGroup, String logStream, String owner) throws IOException {
        json = Json.FACTORY.createGenerator(buffer);
        json.setRootValueSeparator(null);
        // {"logGroup":…,"logStream":…,"owner":…} less its '{', written by the generator as the tree would be.
        json.writeStartObject();
        json.writeStringField("logGroup", logGroup);
        json.writeStringField("logStream", logStream);
        if (owner != null) {
            json.writeStringField("owner", owner);
        }
        json.writeEndObject();
        json.flush();
        end = buffer.toByteArray();
        end[0] = ',';
        buffer.reset();
    }

    /** The document of one event. */
    byte[] write(Instant at, String message) throws IOException {
        buffer.write(START);
        buffer.writeAscii(Timestamps.format(at));
        buffer.write(MESSAGE);
        json.writeString(message);
        json.flush();
        buffer.write(end);
        byte[] document = buffer.toByteArray();
        buffer.reset();
        return document;
    }

    @Override
    public void close() throws IOException {
        json.close(); // hands the generator's buffer back to Jackson's recycler
    }

    /** A byte buffer kept across documents, so each one costs only its copy out; unsynchronized. */
    private static final class Buffer extends OutputStream {
        private byte[] buf = new byte[512];
        private int count;

        @Override
        public void write(int b) {
            ensureCapacity(count + 1);
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            ensureCapacity(count + length);
            System.arraycopy(bytes, offset, buf, count, length);
            count += length;
        }

        void writeAscii(String text) {
            int length = text.length();
            ensureCapacity(count + length);
            for (int i = 0; i < length; i++) {
                buf[count++] = (byte) text.charAt(i);
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, count);
        }

        void reset() {
            count = 0;
        }

        private void ensureCapacity(int capacity) {
            if (capacity > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(capacity, buf.length * 2));
            }
        }
    }
}
