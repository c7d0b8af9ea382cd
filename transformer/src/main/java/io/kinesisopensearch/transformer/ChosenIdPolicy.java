package io.kinesisopensearch.transformer;

/**
 * What becomes of a document whose id the mapping chooses (an id pointer, DynamoDB keys) when it
 * goes through Firehose, whose OpenSearch destination indexes with ids of its own (setting
 * {@code firehose.chosen-ids}). Either way the documents concerned are counted and reported once
 * per invocation.
 */
public enum ChosenIdPolicy {
    /**
     * Deliver the document with Firehose's id; the default. Nothing is lost, but a later change of
     * the same entity adds a document instead of replacing it.
     */
    DELIVER,
    /**
     * Answer the record {@code Dropped}: for indexes where a second copy of an entity is worse than
     * a missing one. The documents are then only in the source (and in S3 if Firehose backs up all
     * records).
     */
    DROP
}
