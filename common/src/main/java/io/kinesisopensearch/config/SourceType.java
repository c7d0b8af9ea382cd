package io.kinesisopensearch.config;

/**
 * What a worker reads ({@code source.type}). Shared because the loader must know it too: the
 * versions it gives a DynamoDB export's items must compare with those of the live pipeline beside it.
 */
public enum SourceType {
    /** A Kinesis data stream (Kinesis Data Streams for DynamoDB included). */
    KINESIS,
    /** A DynamoDB table's own stream. */
    DYNAMODB_STREAMS;

    /** The setting: {@code kinesis} or {@code dynamodb-streams}. */
    public static final String KEY = "source.type";

    /** The source type {@code settings} name, {@link #KINESIS} when they name none. */
    public static SourceType from(Settings settings) {
        return settings.getEnum(KEY, SourceType.class, KINESIS);
    }
}
