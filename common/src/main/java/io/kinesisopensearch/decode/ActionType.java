package io.kinesisopensearch.decode;

/** What an action does to its document in OpenSearch. */
public enum ActionType {
    /** Create or replace the whole document. */
    INDEX,
    /** Merge the source into the document, creating it when missing. */
    UPSERT,
    /** Remove the document; the action has no source. */
    DELETE
}
