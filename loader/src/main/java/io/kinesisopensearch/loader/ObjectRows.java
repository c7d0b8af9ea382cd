package io.kinesisopensearch.loader;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;

/**
 * The rows of one object, read as it streams in, never held whole: gunzipped when it starts with
 * the gzip magic bytes (whatever its name), split into lines, blank lines skipped. Made by
 * {@link ObjectMappers#rows}. For CSV a row
 * whose quoted field holds line breaks spans several lines; it is named by the line it starts on.
 */
public final class ObjectRows implements Closeable {

    /**
     * A row and the 1-based line of the object it starts on.
     *
     * @param line the line the row starts on
     * @param text the row, without its line break
     */
    public record Row(long line, String text) {
    }

    /**
     * A quoted field stops taking further lines past this size: an unclosed quote must not pull the
     * rest of a large object into one row. The decoder then reports the row's open quote.
     */
    static final int MAX_ROW_CHARS = 1 << 20;

    private final BufferedReader reader;
    private final char quote;
    private final char escape;
    private long line;

    /**
     * @param raw       the object's bytes as stored
     * @param bytesRead told how many stored (possibly compressed) bytes each read consumed
     * @param quote     the CSV quote character whose open fields continue on the next line, or 0
     *                  for one row a line
     * @param escape    the CSV escape character, or 0
     */
    ObjectRows(InputStream raw, LongConsumer bytesRead, char quote, char escape) throws IOException {
        InputStream counted = new BufferedInputStream(new Counting(raw, bytesRead), 64 * 1024);
        counted.mark(2);
        int first = counted.read();
        int second = counted.read();
        counted.reset();
        InputStream data = first == 0x1f && second == 0x8b ? new GZIPInputStream(counted, 64 * 1024) : counted;
        this.reader = new BufferedReader(new InputStreamReader(data, StandardCharsets.UTF_8), 64 * 1024);
        this.quote = quote;
        this.escape = escape;
    }

    /** The next non-blank row, or null at the end of the object. */
    public Row next() throws IOException {
        String text;
        do {
            text = reader.readLine();
            line++;
            if (text == null) {
                return null;
            }
        } while (text.isBlank());
        long start = line;
        if (quote != 0) {
            StringBuilder row = new StringBuilder(text);
            while (row.length() < MAX_ROW_CHARS && isOpen(row)) {
                String more = reader.readLine();
                if (more == null) {
                    break; // the decoder reports the unclosed quote
                }
                line++;
                row.append('\n').append(more);
            }
            text = row.toString();
        }
        return new Row(start, text);
    }

    // True while a quoted field is still open at the end of the text.
    private boolean isOpen(CharSequence text) {
        boolean open = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (escape != 0 && c == escape && open) {
                i++;
            } else if (c == quote) {
                open = !open; // a doubled quote inside a field closes and reopens: same result
            }
        }
        return open;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    /** Tells how many bytes pass, for the progress's MB and MB/s. */
    private static final class Counting extends FilterInputStream {
        private final LongConsumer bytesRead;

        Counting(InputStream in, LongConsumer bytesRead) {
            super(in);
            this.bytesRead = bytesRead;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                bytesRead.accept(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                bytesRead.accept(n);
            }
            return n;
        }
    }
}
