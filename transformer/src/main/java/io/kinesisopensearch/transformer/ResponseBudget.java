package io.kinesisopensearch.transformer;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Keeps the response within Lambda's limit. Every record gets an answer whatever happens, so the
 * answers without data are reserved first, each at the size of the longest one
 * ({@code {"recordId":"…","result":"ProcessingFailed"}}); what is left pays for the base64 data of
 * {@code Ok} answers, granted in record order. A document that does not fit goes back into the
 * delivery stream instead. The sizes are exact for the JSON that {@link ResponseWriter} writes, so
 * the reservation is an upper bound, never an estimate.
 */
final class ResponseBudget {

    private static final int ENVELOPE = bytes("{\"records\":[]}");
    private static final int ENTRY = bytes("{\"recordId\":,\"result\":\"ProcessingFailed\"}") + 1; // + separator
    private static final int DATA_FIELD = bytes(",\"data\":\"\"");

    private long left;

    /** A budget of {@code limit} bytes for the answers to {@code recordIds}. */
    ResponseBudget(int limit, List<String> recordIds) {
        long reserved = ENVELOPE;
        for (String recordId : recordIds) {
            reserved += ENTRY + quotedLength(recordId);
        }
        if (reserved > limit) {
            // Cannot happen for an event Lambda accepted (each record takes more room in the request),
            // but if it did, the invocation must fail rather than answer too much.
            throw new IllegalStateException("the answers to " + recordIds.size() + " records need " + reserved
                    + " bytes, over the response limit of " + limit);
        }
        this.left = limit - reserved;
    }

    /** Takes room for {@code document} as an Ok answer's data; false, taking nothing, when it does not fit. */
    boolean take(byte[] document) {
        long cost = cost(document);
        if (cost > left) {
            return false;
        }
        left -= cost;
        return true;
    }

    /** Gives back the room of a document taken earlier, when its record is answered otherwise after all. */
    void giveBack(byte[] document) {
        left += cost(document);
    }

    long left() {
        return left;
    }

    private static long cost(byte[] document) {
        return DATA_FIELD + base64Length(document.length);
    }

    static long base64Length(int bytes) {
        return 4L * ((bytes + 2) / 3);
    }

    private static int quotedLength(String text) {
        return JsonStringEncoder.getInstance().quoteAsUTF8(text).length + 2;
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
