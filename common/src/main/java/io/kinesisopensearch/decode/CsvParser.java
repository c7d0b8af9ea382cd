package io.kinesisopensearch.decode;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text into rows of fields (RFC 4180 with a configurable delimiter, quote and escape).
 * A quoted field may span lines. A malformed row is reported and skipped up to the end of its line,
 * so the rows after it are still read.
 */
final class CsvParser {

    /** Receives rows in order; {@code line} is the 1-based line the row starts on. */
    interface RowHandler {
        void row(int line, List<String> fields);

        void malformed(int line, String reason);
    }

    private final char delimiter;
    private final char quote;
    private final char escape;

    CsvParser(char delimiter, char quote, char escape) {
        this.delimiter = delimiter;
        this.quote = quote;
        this.escape = escape;
    }

    void parse(String text, RowHandler handler) {
        int length = text.length();
        int position = 0;
        int line = 1;
        StringBuilder field = new StringBuilder();
        while (position < length) {
            char first = text.charAt(position);
            if (first == '\n' || first == '\r') { // blank lines carry no row
                line += first == '\n' ? 1 : 0;
                position++;
                continue;
            }
            int rowLine = line;
            List<String> fields = new ArrayList<>();
            String error = null;
            boolean rowDone = false;
            while (!rowDone && error == null) {
                field.setLength(0);
                boolean quoted = quote != 0 && position < length && text.charAt(position) == quote;
                if (quoted) {
                    position++;
                    boolean closed = false;
                    while (position < length && !closed) {
                        char c = text.charAt(position++);
                        if (c == escape && escape != 0 && position < length) {
                            field.append(text.charAt(position++));
                        } else if (c == quote) {
                            if (position < length && text.charAt(position) == quote) {
                                field.append(quote);
                                position++;
                            } else {
                                closed = true;
                            }
                        } else {
                            line += c == '\n' ? 1 : 0;
                            field.append(c);
                        }
                    }
                    if (!closed) {
                        error = "a quoted field starting in column " + (fields.size() + 1) + " is not closed";
                        break;
                    }
                }
                while (position < length) {
                    char c = text.charAt(position);
                    if (c == delimiter || c == '\n' || c == '\r') {
                        break;
                    }
                    if (quoted) {
                        error = "unexpected '" + c + "' after the closing quote in column " + (fields.size() + 1);
                        break;
                    }
                    position++;
                    if (c == escape && escape != 0 && position < length) {
                        field.append(text.charAt(position++));
                    } else {
                        field.append(c);
                    }
                }
                if (error != null) {
                    break;
                }
                fields.add(field.toString());
                if (position >= length) {
                    rowDone = true;
                } else if (text.charAt(position) == delimiter) {
                    position++;
                } else {
                    rowDone = true; // at a line end, which the outer loop steps over and counts
                }
            }
            if (error != null) {
                handler.malformed(rowLine, error);
                int next = text.indexOf('\n', position);
                position = next < 0 ? length : next;
            } else {
                handler.row(rowLine, fields);
            }
        }
    }
}
