package io.kinesisopensearch.sink.bulk;

import java.util.Set;

/**
 * What the writer does with one bulk item, or with a whole refused request, decided from what
 * OpenSearch answered. The rule: what is wrong with a document goes to the dead letters and the
 * shard goes on; what is wrong with the cluster, the network or the access holds the batch until
 * it goes through, because dead-lettering it would only move a fixable outage into a replay job.
 */
public enum ItemVerdict {
    /** Accepted. */
    ACKNOWLEDGED,
    /** Refused as older than the stored external version: the index already holds a newer change. */
    STALE,
    /** Overload or a passing fault (429, 5xx, a concurrent update): retried, the cluster recovers alone. */
    RETRY_TRANSIENT,
    /** The cluster or the access refuses writes (a block, a closed or missing index, credentials): held until an operator fixes it. */
    HOLD_OPERATOR,
    /** The document itself is refused (mapping conflict, bad value, bad index name, too large): dead letter. */
    REJECT_DOCUMENT;

    /**
     * Error types that say nothing about the document. A {@code cluster_block_exception} is held
     * whatever its status: the flood-stage disk block answers 429, the API blocks 403.
     */
    private static final Set<String> OPERATOR_TYPES = Set.of(
            "cluster_block_exception",
            "security_exception",
            "index_closed_exception",
            "index_not_found_exception");

    /**
     * The verdict on one bulk item.
     *
     * @param status          the item's HTTP status
     * @param errorType       OpenSearch's error type, null when the item succeeded
     * @param externalVersion whether the action carried an external version
     * @param delete          whether the action was a delete
     */
    public static ItemVerdict ofItem(int status, String errorType, boolean externalVersion, boolean delete) {
        if (errorType == null) {
            return ACKNOWLEDGED;
        }
        if (delete && "index_not_found_exception".equals(errorType)) {
            // OpenSearch creates no index for a delete: the document it would remove is not there.
            return ACKNOWLEDGED;
        }
        if (status == 409 && externalVersion) {
            return STALE;
        }
        if (status == 409) {
            // Without an external version only an upsert meets a conflict: another writer updated
            // the document between its read and write; doing it again succeeds.
            return RETRY_TRANSIENT;
        }
        return ofRefusal(status, errorType);
    }

    /** The verdict on a refusal (of an item or of a whole request), from its status and error type (may be null). */
    public static ItemVerdict ofRefusal(int status, String errorType) {
        if (errorType != null && OPERATOR_TYPES.contains(errorType) || status == 401 || status == 403) {
            return HOLD_OPERATOR;
        }
        if (status == 429 || status >= 500) {
            return RETRY_TRANSIENT;
        }
        return REJECT_DOCUMENT;
    }
}
