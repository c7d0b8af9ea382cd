package io.kinesisopensearch.loader.reconcile;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * What one source item maps to, as far as the comparison needs it: the action's index, id and
 * routing, whether it is a delete (the document must be absent), its external version, the
 * fingerprint of its document, the order it was read in (the later of two items with one id
 * wins, as in a load), and where to find it again.
 *
 * @param index       the index the mapping writes it to
 * @param id          the document id
 * @param routing     the routing value, or null
 * @param delete      whether the mapping deletes the document (no fingerprint then)
 * @param version     the external version the mapping gives it, or -1 for none
 * @param fingerprint the fingerprint of its document; null for a delete
 * @param order       the position it was read at
 * @param locator     where the source keeps it: a table item's key, an object row (see the sources)
 */
record SourceItem(String index, String id, String routing, boolean delete, long version, Fingerprint fingerprint,
        long order, byte[] locator) {

    static final long NO_VERSION = -1;

    /** The item that decides what the index must hold when two items map to one document. */
    static SourceItem decisive(SourceItem a, SourceItem b) {
        if (a.version != NO_VERSION && b.version != NO_VERSION && a.version != b.version) {
            return a.version > b.version ? a : b; // OpenSearch keeps the higher external version
        }
        return a.order > b.order ? a : b; // else the one written last
    }

    /** Whether {@code other} shows the same state of the item: same action, version and document. */
    boolean sameState(SourceItem other) {
        return other != null && delete == other.delete && version == other.version
                && java.util.Objects.equals(fingerprint, other.fingerprint) && java.util.Objects.equals(index, other.index)
                && java.util.Objects.equals(routing, other.routing);
    }

    void write(DataOutput out) throws IOException {
        Records.writeString(out, index);
        Records.writeString(out, id);
        Records.writeString(out, routing);
        out.writeBoolean(delete);
        out.writeLong(version);
        out.writeBoolean(fingerprint != null);
        if (fingerprint != null) {
            fingerprint.write(out);
        }
        out.writeLong(order);
        Records.writeBytes(out, locator);
    }

    static SourceItem read(DataInput in) throws IOException {
        String index = Records.readString(in);
        String id = Records.readString(in);
        String routing = Records.readString(in);
        boolean delete = in.readBoolean();
        long version = in.readLong();
        Fingerprint fingerprint = in.readBoolean() ? Fingerprint.read(in) : null;
        return new SourceItem(index, id, routing, delete, version, fingerprint, in.readLong(), Records.readBytes(in));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SourceItem that && sameState(that) && id.equals(that.id) && order == that.order
                && java.util.Arrays.equals(locator, that.locator);
    }

    @Override
    public int hashCode() {
        return id.hashCode() * 31 + Long.hashCode(order);
    }

    @Override
    public String toString() {
        return (delete ? "delete " : "") + index + "/" + id + (version == NO_VERSION ? "" : " v" + version);
    }
}
