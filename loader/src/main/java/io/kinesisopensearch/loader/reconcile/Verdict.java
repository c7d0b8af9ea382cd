package io.kinesisopensearch.loader.reconcile;

/** What the comparison finds for one id. */
public enum Verdict {
    /** The index holds what the source maps to (or neither has it). */
    MATCHING,
    /** In the source, not in the index. */
    MISSING,
    /** In both, but the index holds another version or another document. */
    STALE,
    /** In the index, not in the source (or the source deletes it). */
    EXTRA
}
