package io.kinesisopensearch.loader.reconcile;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One document as the index holds it, as far as the comparison needs it.
 *
 * @param index       the concrete index holding it
 * @param id          its id
 * @param routing     its routing value, or null
 * @param version     its {@code _version}
 * @param seqNo       its {@code _seq_no}: a write since changes it
 * @param primaryTerm its {@code _primary_term}
 * @param fingerprint the fingerprint of its {@code _source}
 */
record IndexDoc(String index, String id, String routing, long version, long seqNo, long primaryTerm,
        Fingerprint fingerprint) {

    /** Whether {@code other} is the same write of the document (no write came between). */
    boolean sameWrite(IndexDoc other) {
        return other != null && index.equals(other.index) && seqNo == other.seqNo && primaryTerm == other.primaryTerm
                && version == other.version;
    }

    void write(DataOutput out) throws IOException {
        Records.writeString(out, index);
        Records.writeString(out, id);
        Records.writeString(out, routing);
        out.writeLong(version);
        out.writeLong(seqNo);
        out.writeLong(primaryTerm);
        fingerprint.write(out);
    }

    static IndexDoc read(DataInput in) throws IOException {
        return new IndexDoc(Records.readString(in), Records.readString(in), Records.readString(in), in.readLong(),
                in.readLong(), in.readLong(), Fingerprint.read(in));
    }

    @Override
    public String toString() {
        return index + "/" + id + " v" + version;
    }
}
