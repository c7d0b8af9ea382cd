package io.kinesisopensearch.consumer.metrics;

import io.kinesisopensearch.sink.bulk.WriteWaits;
import java.util.Locale;

/**
 * A shard with records waiting that has made no progress (no record settled, no bulk request
 * answered) for at least {@code worker.stall-after}, and why, when that is known.
 *
 * @param reason  why, as far as the worker can tell
 * @param seconds how long it has made no progress
 * @param cause   the last refusal or failure behind it, or what was seen
 */
public record Stall(Reason reason, long seconds, String cause) {

    /** Why a shard makes no progress. Only a blocked processor thread is a reason to restart the worker. */
    public enum Reason {
        /** OpenSearch refuses writes for a reason an operator must fix (a block, a closed index, credentials). */
        OPERATOR_HOLD("holding for an operator", false),
        /**
         * OpenSearch cannot be reached, answers 429 or 5xx (the writer retries), or has not answered a
         * bulk request yet (it is slow or going away).
         */
        OPENSEARCH_UNAVAILABLE("OpenSearch unavailable, retrying", false),
        /** The dead-letter destination cannot be written; the flush retries. */
        DEAD_LETTERS_UNAVAILABLE("the dead-letter destination fails, retrying", false),
        /**
         * The processor thread has not returned a delivery, and no wait for OpenSearch or the dead
         * letters explains it: a mapping hook that hangs, a call that never ends. KCL renews the
         * shard's lease all the same, so no other worker takes the shard over while this one lives.
         */
        PROCESSOR_BLOCKED("the processor thread is blocked: no delivery returned", true),
        /** Records wait in the batch but KCL has delivered nothing (reading the stream fails?). */
        NO_DELIVERIES("KCL delivers nothing to the shard", false);

        private final String description;
        private final boolean restartHelps;

        Reason(String description, boolean restartHelps) {
            this.description = description;
            this.restartHelps = restartHelps;
        }

        /** For log lines. */
        public String description() {
            return description;
        }

        /**
         * Whether restarting the worker can end it: only for a blocked thread. A hold or an outage
         * would meet the restarted worker the same; a restart loses nothing but gains nothing, and
         * restarting every worker of a service at once is worse.
         */
        public boolean restartHelps() {
            return restartHelps;
        }

        /** The metrics tag value: {@code operator_hold}, {@code processor_blocked}, ... */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Reason of(WriteWaits.Wait wait) {
            return switch (wait) {
                case OPERATOR_HOLD -> OPERATOR_HOLD;
                case OPENSEARCH_RETRY, OPENSEARCH_ANSWER -> OPENSEARCH_UNAVAILABLE;
                case DEAD_LETTERS -> DEAD_LETTERS_UNAVAILABLE;
            };
        }
    }

    /** For log lines: {@code holding for an operator (403 cluster_block_exception: ...)}. */
    public String describe() {
        return reason.description() + (cause == null || cause.isEmpty() ? "" : " (" + cause + ")");
    }
}
