package io.kinesisopensearch.record;

/**
 * Just enough of the protobuf wire format to read KPL aggregates: varints, length-delimited fields
 * and skipping what is not needed, with every length checked against the bytes that are there.
 */
final class ProtobufReader {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final byte[] data;
    private final int limit;
    private int position;

    ProtobufReader(byte[] data, int from, int to) {
        this.data = data;
        this.position = from;
        this.limit = to;
    }

    boolean hasMore() {
        return position < limit;
    }

    int position() {
        return position;
    }

    /** A base-128 varint of at most 10 bytes. */
    long varint() throws KplDeaggregator.Corrupt {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= limit) {
                throw new KplDeaggregator.Corrupt("truncated varint at byte " + position);
            }
            byte b = data[position++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new KplDeaggregator.Corrupt("varint longer than 10 bytes at byte " + position);
    }

    /** The length of a length-delimited field, checked to fit in what is left. */
    int length() throws KplDeaggregator.Corrupt {
        long length = varint();
        if (length < 0 || length > limit - position) {
            throw new KplDeaggregator.Corrupt("field length " + Long.toUnsignedString(length) + " at byte " + position
                    + " runs past the end (" + (limit - position) + " bytes left)");
        }
        return (int) length;
    }

    void skip(int bytes) throws KplDeaggregator.Corrupt {
        if (bytes > limit - position) {
            throw new KplDeaggregator.Corrupt("truncated field at byte " + position);
        }
        position += bytes;
    }

    void skipField(int wireType) throws KplDeaggregator.Corrupt {
        switch (wireType) {
            case VARINT -> varint();
            case FIXED64 -> skip(8);
            case LENGTH_DELIMITED -> skip(length());
            case FIXED32 -> skip(4);
            default -> throw new KplDeaggregator.Corrupt("unsupported protobuf wire type " + wireType + " at byte " + position);
        }
    }
}
