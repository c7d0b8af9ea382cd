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
 * @param outcomes     each action's outcome, by its position in the list written; as many as the
 *                     counts together
 */
public record BulkResult(int acknowledged, int stale, int replaced, List<ItemFailure> failures, List<Outcome> outcomes) {

    public BulkResult {
        failures = List.copyOf(failures);
        outcomes = List.copyOf(outcomes);
        if (outcomes.size() != acknowledged + stale + replaced + failures.size()) {
            throw new IllegalArgumentException(outcomes.size() + " outcomes for " + acknowledged + " acknowledged, "
                    + stale + " stale, " + replaced + " replaced and " + failures.size() + " failed actions");
        }
    }

    /** Whether every action is in OpenSearch or superseded there. */
    public boolean allDone() {
        return failures.isEmpty();
    }

    /** The outcome of the action at {@code position} of the list written. */
    public Outcome outcome(int position) {
        return outcomes.get(position);
    }

    /** What became of one action: the counts above, one action at a time. */
    public enum Outcome {
        /** OpenSearch accepted it. */
        ACKNOWLEDGED,
        /** OpenSearch refused it as older than the stored external version. */
        STALE,
        /** Not sent: a later action of the batch replaced the document, and that action is done. */
        REPLACED,
        /** Refused for good, too large for any request, or replaced by an action that failed. */
        FAILED
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
