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
    private long second;
    private byte[] seconds;

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
        start(at);
        json.writeString(message);
        return finish();
    }

    /** The document of one event whose message is {@code length} characters of {@code chars}. */
    byte[] write(Instant at, char[] chars, int offset, int length) throws IOException {
        start(at);
        json.writeString(chars, offset, length);
        return finish();
    }

    private void start(Instant at) {
        buffer.write(START);
        timestamp(at);
        buffer.write(MESSAGE);
    }

    private byte[] finish() throws IOException {
        json.flush();
        buffer.write(end);
        byte[] document = buffer.toByteArray();
        buffer.reset();
        return document;
    }

    // As Timestamps.format writes it; events come seconds apart at most, so the date and time of day
    // up to the seconds is formatted once per second and only the milliseconds per event.
    private void timestamp(Instant at) {
        int nanos = at.getNano();
        if (nanos % 1_000_000 != 0) {
            buffer.writeAscii(Timestamps.format(at));
            return;
        }
        if (at.getEpochSecond() != second || seconds == null) {
            String whole = Timestamps.format(Instant.ofEpochSecond(at.getEpochSecond()));
            if (whole.length() != 20) { // years outside 0000-9999: no shortcut
                buffer.writeAscii(Timestamps.format(at));
                return;
            }
            second = at.getEpochSecond();
            seconds = whole.substring(0, 19).getBytes(StandardCharsets.US_ASCII);
        }
        buffer.write(seconds);
        if (nanos != 0) {
            int millis = nanos / 1_000_000;
            buffer.write('.');
            buffer.write('0' + millis / 100);
            buffer.write('0' + millis / 10 % 10);
            buffer.write('0' + millis % 10);
        }
        buffer.write('Z');
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
        public void write(byte[] bytes) {
            write(bytes, 0, bytes.length);
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
