package io.kinesisopensearch.sink.bulk;

import java.util.Locale;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.transport.httpclient5.ResponseException;

/**
 * What OpenSearch (or a proxy in front of it) said when it refused a bulk request or item, with
 * what an operator can do about it, for the verdict and the log lines of an {@link OperatorHold}.
 *
 * @param status the HTTP status, 0 when no answer came (a connection failure)
 * @param type   OpenSearch's error type, or null when the answer was not OpenSearch's JSON
 * @param reason OpenSearch's reason, or the client's message
 * @param index  the index written to
 */
record Refusal(int status, String type, String reason, String index) {

    /** The refusal of a whole request to {@code index}, as the client reported it. */
    static Refusal of(Exception e, String index) {
        if (e instanceof OpenSearchException refused) {
            return new Refusal(refused.status(), refused.error().type(), refused.error().reason(), index);
        }
        // The client reports 401, 403 and answers that are not OpenSearch's JSON (a proxy's, a load
        // balancer's) as a TransportException caused by a ResponseException that has the status.
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ResponseException response) {
                return new Refusal(response.status(), null, e.getMessage(), index);
            }
        }
        return new Refusal(0, null, e.toString(), index);
    }

    /**
     * What to do with the request. An answer in OpenSearch's words is judged by
     * {@link ItemVerdict#ofRefusal}; of other answers 401 and 403 are held and the rest (no answer,
     * a gateway's 502, an HTML page) retried: no document is refused on the word of a proxy.
     */
    ItemVerdict verdict() {
        if (type != null) {
            return ItemVerdict.ofRefusal(status, type);
        }
        return status == 401 || status == 403 ? ItemVerdict.HOLD_OPERATOR : ItemVerdict.RETRY_TRANSIENT;
    }

    /** What an operator can do, by error type, else by status. */
    String remedy() {
        String kind = type == null ? "" : type;
        if (kind.equals("index_closed_exception") || kind.equals("cluster_block_exception") && reason != null && reason.contains("close")) {
            return "open the index (POST " + index + "/_open)";
        }
        if (kind.equals("cluster_block_exception")) {
            return "remove the block on the index (index.blocks.write, index.blocks.read_only, "
                    + "index.blocks.read_only_allow_delete) or free disk space below the flood-stage watermark";
        }
        if (kind.equals("index_not_found_exception")) {
            return "create the index, or allow its automatic creation (action.auto_create_index)";
        }
        return "check the worker's OpenSearch credentials and their permission to write to " + index;
    }

    @Override
    public String toString() {
        String what = type == null ? reason : type + ": " + reason;
        return String.format(Locale.ROOT, "%d %s", status, what);
    }
}
