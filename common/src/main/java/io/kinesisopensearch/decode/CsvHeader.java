package io.kinesisopensearch.decode;

/** Where CSV column names come from (setting {@code mapping.csv.header}). */
public enum CsvHeader {
    /** The first line of each record names the columns; the default without {@code mapping.csv.columns}. */
    USE,
    /** The first line of each record is a header, skipped; {@code mapping.csv.columns} names the columns. */
    SKIP,
    /** There is no header line; {@code mapping.csv.columns} names the columns (the default with it). */
    NONE
}
