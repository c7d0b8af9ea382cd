package io.kinesisopensearch.sink.bulk;

/**
 * Told, as it happens, what a write is waiting on, so that a shard that makes no progress can say
 * why (see {@code Ledger}). Called from the writing thread; an implementation publishes what it is
 * told to the threads that report it.
 */
public interface WriteWaits {

    /** Tells nobody. */
    WriteWaits NONE = new WriteWaits() {
        @Override
        public void sending(String what) {
        }

        @Override
        public void waiting(Wait wait, String cause) {
        }

        @Override
        public void answered() {
        }
    };

    /**
     * An attempt begins: it waits for a bulk slot, then for OpenSearch's answer ({@link Wait#OPENSEARCH_ANSWER}),
     * unless it is a retry, which goes on waiting for the reason it was retried for.
     */
    void sending(String what);

    /** The write waits for another attempt after {@code cause}: the last refusal or failure. */
    void waiting(Wait wait, String cause);

    /** The last attempt went through: the write waits on nothing now. */
    void answered();

    /** What a write can be waiting on. */
    enum Wait {
        /** OpenSearch refuses writes for a reason an operator must fix (see {@link ItemVerdict#HOLD_OPERATOR}). */
        OPERATOR_HOLD,
        /** A bulk request waits for a slot or for its answer (OpenSearch slow, or going away). */
        OPENSEARCH_ANSWER,
        /** OpenSearch cannot be reached, or answers 429 or 5xx: retried until it recovers. */
        OPENSEARCH_RETRY,
        /** The dead-letter destination cannot be written: retried until it can. */
        DEAD_LETTERS
    }
}
