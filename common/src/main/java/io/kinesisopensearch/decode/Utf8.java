package io.kinesisopensearch.decode;

import io.kinesisopensearch.record.MappingException;
import io.kinesisopensearch.record.SourceRecord;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 for text formats: bytes that are not UTF-8 are an error, never replacement characters. */
final class Utf8 {

    private Utf8() {
    }

    static String decode(SourceRecord record) throws MappingException {
        byte[] data = record.data();
        boolean ascii = true;
        for (byte b : data) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(data, StandardCharsets.ISO_8859_1);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        ByteBuffer in = ByteBuffer.wrap(data);
        CharBuffer out = CharBuffer.allocate(data.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new MappingException(record.coordinates(), "not UTF-8 text: invalid byte at offset " + in.position());
        }
        decoder.flush(out);
        return out.flip().toString();
    }
}
