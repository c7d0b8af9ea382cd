package io.kinesisopensearch.consumer;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.config.SourceType;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * With {@code source.type=dynamodb-streams} the worker reads a table's own DynamoDB Stream instead
 * of a Kinesis data stream (see {@link DynamoDbStreamsSource}). The stream is named by its ARN, or
 * by its table, whose latest stream DescribeTable gives when the worker starts reading.
 *
 * @param streamArn the stream's ARN, {@code arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>}
 * @param table     the table's name: given, or taken from the ARN
 */
public record DynamoDbStreamsConfig(Optional<String> streamArn, String table) {

    public static final String STREAM_ARN = "dynamodb.stream-arn";
    public static final String TABLE = "dynamodb.table";

    private static final Pattern ARN = Pattern.compile(
            "arn:aws[a-z-]*:dynamodb:([a-z0-9-]+):(\\d{12}):table/([a-zA-Z0-9_.-]{3,255})/stream/(.+)");
    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

    /** The table's stream to read, or empty when the worker reads Kinesis. */
    static Optional<DynamoDbStreamsConfig> from(Settings settings) {
        SourceType type = SourceType.from(settings);
        Optional<String> arn = settings.find(STREAM_ARN);
        Optional<String> table = settings.find(TABLE);
        if (type == SourceType.KINESIS) {
            if (arn.isPresent() || table.isPresent()) {
                throw Settings.invalid(arn.isPresent() ? STREAM_ARN : TABLE, arn.orElseGet(table::orElseThrow),
                        "only used with " + SourceType.KEY + " = dynamodb-streams");
            }
            return Optional.empty();
        }
        for (String kinesisOnly : new String[] {KinesisSourceConfig.STREAM, SourceStream.STREAMS}) {
            settings.find(kinesisOnly).ifPresent(value -> {
                throw Settings.invalid(kinesisOnly, value, "not used with " + SourceType.KEY + " = dynamodb-streams;"
                        + " name the table's stream with " + STREAM_ARN + " or " + TABLE);
            });
        }
        if (arn.isPresent() == table.isPresent()) {
            if (arn.isEmpty()) {
                settings.require(STREAM_ARN, "the DynamoDB stream's ARN (or set " + TABLE + " to read its table's"
                        + " latest stream), required with " + SourceType.KEY + " = dynamodb-streams");
            }
            throw Settings.invalid(TABLE, table.orElseThrow(), "set either " + TABLE + " or " + STREAM_ARN + ", not both");
        }
        if (arn.isPresent()) {
            Matcher matcher = ARN.matcher(arn.get());
            if (!matcher.matches()) {
                throw Settings.invalid(STREAM_ARN, arn.get(), "must be a DynamoDB stream ARN such as"
                        + " arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/2026-01-31T12:00:00.000");
            }
            return Optional.of(new DynamoDbStreamsConfig(arn, matcher.group(3)));
        }
        if (!TABLE_NAME.matcher(table.get()).matches()) {
            throw Settings.invalid(TABLE, table.get(), "must be a DynamoDB table name (3 to 255 letters, digits, _ . -)");
        }
        return Optional.of(new DynamoDbStreamsConfig(Optional.empty(), table.get()));
    }

    /** A stream read from its start or its end: KCL's AT_TIMESTAMP has no counterpart in DynamoDB Streams. */
    void check(KinesisSourceConfig source) {
        if (source.initialPosition() == KinesisSourceConfig.InitialPosition.AT_TIMESTAMP) {
            throw Settings.invalid(KinesisSourceConfig.INITIAL_POSITION, source.initialPosition().name(),
                    "DynamoDB Streams are read from TRIM_HORIZON or LATEST only");
        }
    }

    /** The region of a stream ARN. */
    static String region(String streamArn) {
        Matcher matcher = ARN.matcher(streamArn);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Not a DynamoDB stream ARN: " + streamArn);
        }
        return matcher.group(1);
    }
}
