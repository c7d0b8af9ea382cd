package io.kinesisopensearch.transformer;

import java.util.Arrays;

/**
 * The mark on documents the transformer puts back into the delivery stream, so that when they
 * come round again they are answered {@code Ok} as they are: never mapped, never split again.
 *
 * <p>A piece is the 6 bytes {@code FF 'K' 'O' 'S' 'P' 01} followed by the document's JSON. 0xFF
 * never occurs in UTF-8, so no JSON, CSV or text record starts that way, and neither does gzip
 * (1F 8B) nor a KPL aggregate (F3 89 9A C2): a producer's record is never taken for a piece by
 * accident. (A producer that writes the mark on purpose bypasses the mapping; the README says so.)
 */
public final class Pieces {

    private static final byte[] MARK = {(byte) 0xFF, 'K', 'O', 'S', 'P', 1};

    /** The bytes the mark adds to a document. */
    public static final int OVERHEAD = MARK.length;

    private Pieces() {
    }

    /** True when {@code data} is a piece the transformer put back. */
    public static boolean isPiece(byte[] data) {
        return data.length >= MARK.length && Arrays.equals(data, 0, MARK.length, MARK, 0, MARK.length);
    }

    /** The piece that carries {@code document}. */
    public static byte[] mark(byte[] document) {
        byte[] piece = new byte[MARK.length + document.length];
        System.arraycopy(MARK, 0, piece, 0, MARK.length);
        System.arraycopy(document, 0, piece, MARK.length, document.length);
        return piece;
    }

    /** The document a piece carries. */
    public static byte[] document(byte[] piece) {
        return Arrays.copyOfRange(piece, MARK.length, piece.length);
    }
}
