package io.kinesisopensearch.sink.bulk;

import java.util.List;

/**
 * What became of the actions of one {@link BulkWriter#write} call. Every action is in exactly one
 * of the counts; together they are the whole batch.
 *
 * @param acknowledged actions OpenSearch accepted
 * @param stale        actions OpenSearch refused because the stored document has a newer external
 *                     version: the index already holds a newer change, so these count as done
 * @param replaced     actions not sent because a later action in the batch replaced the document,
 *                     and that later action is done
 * @param failures     actions OpenSearch refused for good, that no request could carry, or whose
 *                     replacement failed
 */
public record BulkResult(int acknowledged, int stale, int replaced, List<ItemFailure> failures) {

    /** Whether every action is in OpenSearch or superseded there. */
    public boolean allDone() {
        return failures.isEmpty();
    }

    /**
     * An action OpenSearch refused for a reason that retrying cannot fix.
     *
     * @param position the action's position in the list given to {@link BulkWriter#write}
     * @param status   the HTTP status of the item (413 for an action larger than any request)
     * @param reason   OpenSearch's error type and reason
     */
    public record ItemFailure(int position, int status, String reason) {
    }
}
