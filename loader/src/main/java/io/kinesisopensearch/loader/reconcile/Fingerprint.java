package io.kinesisopensearch.loader.reconcile;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * 128 bits of the SHA-256 of a document's canonical JSON ({@link CanonicalJson}): two documents
 * with the same fields and values have the same fingerprint whatever their field order.
 */
record Fingerprint(long high, long low) {

    void write(DataOutput out) throws IOException {
        out.writeLong(high);
        out.writeLong(low);
    }

    static Fingerprint read(DataInput in) throws IOException {
        return new Fingerprint(in.readLong(), in.readLong());
    }
}
