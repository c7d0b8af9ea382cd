package io.kinesisopensearch.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.decode.DecodedDocument;
import io.kinesisopensearch.decode.Json;
import io.kinesisopensearch.record.RecordCoordinates;
import java.io.IOException;

/**
 * One decoded document as a {@link DocumentHook} sees it. Its fields are parsed on first use: a
 * JSON record that reaches OpenSearch byte for byte stays so while the hook does not ask for
 * {@link #fields()}; once asked, the document is written from the fields, with the hook's changes.
 */
public final class HookDocument {

    private final RecordCoordinates record;
    private DecodedDocument document;
    private boolean skipped;

    HookDocument(RecordCoordinates record, DecodedDocument document) {
        this.record = record;
        this.document = document;
    }

    /**
     * The record the document came from.
     *
     * @return its stream, shard, sequence number, partition key and arrival time
     */
    public RecordCoordinates record() {
        return record;
    }

    /**
     * The document's position in a record that carries several (a CSV line, a log event, an array
     * element).
     *
     * @return the position, or -1 when the record is the document
     */
    public int part() {
        return document.part();
    }

    /**
     * The document's fields, to read and change in place; parsed on the first call.
     *
     * @return the fields, the same object on every call
     */
    public ObjectNode fields() {
        if (document.json() != null) {
            JsonNode tree;
            try {
                tree = Json.mapper().readTree(document.json());
            } catch (IOException e) {
                throw new IllegalStateException("a document the decoder accepted no longer parses", e);
            }
            document = new DecodedDocument(document.part(), (ObjectNode) tree, null, document.action(),
                    document.id(), document.version(), document.timestamp());
        }
        return document.fields();
    }

    /** Writes nothing for this document; the record's other documents are still written. */
    public void skip() {
        skipped = true;
    }

    boolean skipped() {
        return skipped;
    }

    DecodedDocument document() {
        return document;
    }
}
