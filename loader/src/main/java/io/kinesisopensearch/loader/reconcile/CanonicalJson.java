package io.kinesisopensearch.loader.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import io.kinesisopensearch.decode.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * A document reduced to what it means, for comparing the document a source item maps to with the
 * {@code _source} the index holds: object fields sorted by name, numbers by value ({@code 3.10},
 * {@code 3.1} and {@code 31e-1} alike: DynamoDB keeps the number, not its text), strings and
 * values typed, so that neither field order nor the way a number was written make two documents
 * differ. The reduced form is hashed ({@link Fingerprint}), never kept.
 */
final class CanonicalJson {

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    });

    private CanonicalJson() {
    }

    /** The fingerprint of the JSON document {@code json}, numbers read exactly. */
    static Fingerprint fingerprint(byte[] json) throws IOException {
        return fingerprint(Json.mapper().readTree(json));
    }

    /** The fingerprint of {@code document}. */
    static Fingerprint fingerprint(JsonNode document) {
        Canonical out = new Canonical();
        write(document, out);
        MessageDigest digest = SHA_256.get();
        digest.reset();
        ByteBuffer hash = ByteBuffer.wrap(digest.digest(out.toByteArray()));
        return new Fingerprint(hash.getLong(), hash.getLong());
    }

    /** The canonical form as text, for tests and messages. */
    static String canonical(JsonNode document) {
        Canonical out = new Canonical();
        write(document, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void write(JsonNode node, Canonical out) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<String> names = new ArrayList<>(node.size());
                for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                    names.add(it.next());
                }
                Collections.sort(names);
                out.write('{');
                for (int i = 0; i < names.size(); i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    out.string(names.get(i));
                    out.write(':');
                    write(node.get(names.get(i)), out);
                }
                out.write('}');
            }
            case ARRAY -> {
                out.write('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    write(node.get(i), out);
                }
                out.write(']');
            }
            case NUMBER -> out.ascii(number(node.decimalValue()));
            case STRING -> out.string(node.textValue());
            case BINARY -> out.string(node.asText()); // base64, as it is written to JSON
            case BOOLEAN -> out.ascii(node.booleanValue() ? "true" : "false");
            default -> out.ascii("null"); // NULL, and MISSING, which a parsed document never holds
        }
    }

    // One text per value: 3.10, 3.1 and 31E-1 all give 3.1; 1000 and 1E+3 give 1E+3.
    private static String number(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toString();
    }

    /** The canonical bytes; a string is its length and UTF-8 bytes, so no escaping is needed to keep it apart. */
    private static final class Canonical extends ByteArrayOutputStream {
        Canonical() {
            super(256);
        }

        void ascii(String text) {
            for (int i = 0; i < text.length(); i++) {
                write(text.charAt(i));
            }
        }

        void string(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            ascii("\"" + bytes.length + ":");
            write(bytes, 0, bytes.length);
            write('"');
        }
    }
}
