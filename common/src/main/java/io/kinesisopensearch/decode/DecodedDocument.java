package io.kinesisopensearch.decode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * One document found in a record, with what its format says about it.
 *
 * @param part      the document's position in a record that can carry several (CSV line, array
 *                  element, text line), or {@link #WHOLE_RECORD} when the record is the document;
 *                  ids taken from the record's coordinates include it so that each part keeps its own
 *                  document
 * @param fields    the document's fields; when {@code json} is given, only the fields the mapping
 *                  looks up (id, routing, version pointers) are guaranteed to be present, and
 *                  {@code null} when it looks up none (no node is made, see {@link Json#nodes()})
 * @param json      the document's source exactly as received, when it needs no change; {@code null}
 *                  when the source must be written from {@code fields}
 * @param action    the action the format prescribes (DynamoDB REMOVE is a delete), or {@code null} to
 *                  use the configured one
 * @param id        the id the format gives (DynamoDB keys, CloudWatch Logs event id), or {@code null}
 * @param version   the external version the format gives (DynamoDB change time in microseconds), or
 *                  {@code null}
 * @param timestamp when the document's event happened according to its format, or {@code null}
 */
public record DecodedDocument(
        int part,
        ObjectNode fields,
        byte[] json,
        ActionType action,
        String id,
        Long version,
        Instant timestamp) {

    /** The {@link #part} of a document that is the whole record. */
    public static final int WHOLE_RECORD = -1;

    public DecodedDocument {
        if (fields == null && json == null) {
            throw new NullPointerException("fields");
        }
    }

    /** A document whose source is written from {@code fields}. */
    public static DecodedDocument of(int part, ObjectNode fields) {
        return new DecodedDocument(part, fields, null, null, null, null, null);
    }

    /**
     * One id from several values: a single value as it is, several joined by '|' with '\' and '|'
     * inside values escaped by '\', so that no two lists of values share an id.
     */
    public static String joinId(List<String> values) {
        if (values.size() == 1) {
            return values.get(0);
        }
        StringBuilder id = new StringBuilder();
        for (String value : values) {
            if (id.length() > 0) {
                id.append('|');
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\\' || c == '|') {
                    id.append('\\');
                }
                id.append(c);
            }
        }
        return id.toString();
    }
}
