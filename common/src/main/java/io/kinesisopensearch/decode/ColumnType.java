package io.kinesisopensearch.decode;

/** The JSON type a CSV column becomes (setting {@code mapping.csv.types}). */
public enum ColumnType {
    /** The text as it is; the default. */
    STRING,
    /** An exact JSON number; an empty cell is null. */
    NUMBER,
    /** {@code true} or {@code false}, any case; an empty cell is null. */
    BOOLEAN,
    /** An ISO-8601 UTC timestamp read with {@code mapping.timestamp-format}; an empty cell is null. */
    TIMESTAMP
}
