package io.kinesisopensearch.consumer.bulk;

import java.util.List;

/**
 * What became of the actions of one {@link BulkWriter#write} call.
 *
 * @param acknowledged actions OpenSearch accepted
 * @param stale        actions OpenSearch refused because the stored document has a newer external
 *                     version: the index already holds a newer change, so these count as done
 * @param failures     actions OpenSearch refused for good, by their position in the input
 */
public record BulkResult(int acknowledged, int stale, List<ItemFailure> failures) {

    /** Whether every action is in OpenSearch or superseded there. */
    public boolean allDone() {
        return failures.isEmpty();
    }

    /**
     * An action OpenSearch refused for a reason that retrying cannot fix.
     *
     * @param position the action's position in the list given to {@link BulkWriter#write}
     * @param status   the HTTP status of the item
     * @param reason   OpenSearch's error type and reason
     */
    public record ItemFailure(int position, int status, String reason) {
    }
}
