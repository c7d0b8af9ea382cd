package io.kinesisopensearch.mapping;

/** Where a document's id comes from (setting {@code mapping.id}). */
public enum IdStrategy {
    /** The pointers when {@code mapping.id-pointer} is set, else the format's own id, else the coordinates; the default. */
    AUTO,
    /** The values at {@code mapping.id-pointer}: one pointer, or several joined with '|'. */
    POINTER,
    /** The format's own id: DynamoDB key attributes, CloudWatch Logs event id. */
    FORMAT,
    /**
     * The record's coordinates ({@code stream:shard:sequence:subSequence}, with {@code #n} for the
     * n-th document of a record that carries several), stable across replays.
     */
    COORDINATES
}
