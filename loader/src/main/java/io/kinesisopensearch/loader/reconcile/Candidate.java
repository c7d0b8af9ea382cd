package io.kinesisopensearch.loader.reconcile;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * An id found different, with both sides as last read, waiting to be read again.
 *
 * @param verdict  how it differed
 * @param source   the source item, null when the source lacks it
 * @param document the document, null when the index lacks it
 */
record Candidate(Verdict verdict, SourceItem source, IndexDoc document) {

    /** The id. */
    String id() {
        return source != null ? source.id() : document.id();
    }

    void write(DataOutput out) throws IOException {
        out.writeByte(verdict.ordinal());
        out.writeBoolean(source != null);
        if (source != null) {
            source.write(out);
        }
        out.writeBoolean(document != null);
        if (document != null) {
            document.write(out);
        }
    }

    static Candidate read(DataInput in) throws IOException {
        Verdict verdict = Verdict.values()[in.readByte()];
        SourceItem source = in.readBoolean() ? SourceItem.read(in) : null;
        IndexDoc document = in.readBoolean() ? IndexDoc.read(in) : null;
        return new Candidate(verdict, source, document);
    }
}
