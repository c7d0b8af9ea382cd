package io.kinesisopensearch.decode;

/** What the records carry (setting {@code mapping.format}). */
public enum PayloadFormat {
    /** Detected per record: gzip is CloudWatch Logs, a change-record object DynamoDB, another object JSON, the rest text. */
    AUTO,
    /** One JSON object per record, or the elements of the array at {@code mapping.records-pointer}; the default. */
    JSON,
    /** CSV lines, read with the {@code mapping.csv.*} settings. */
    CSV,
    /** Kinesis Data Streams for DynamoDB change records. */
    DYNAMODB,
    /** CloudWatch Logs subscription payloads (gzip JSON). */
    CLOUDWATCH_LOGS,
    /** Plain text, one document per line. */
    TEXT
}
