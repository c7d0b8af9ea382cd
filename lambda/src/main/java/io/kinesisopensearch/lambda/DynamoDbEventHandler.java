package io.kinesisopensearch.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.decode.DecoderOptions;
import io.kinesisopensearch.decode.PayloadFormat;
import io.kinesisopensearch.record.RecordCoordinates;
import io.kinesisopensearch.record.SourceRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The function of a DynamoDB Streams event-source mapping: INSERT and MODIFY index the item's new
 * image, REMOVE deletes it, each with the change time as external version (see the {@code dynamodb}
 * format), answered with partial batch failures. The records are handed to the mapping in the shape
 * Kinesis Data Streams for DynamoDB gives them, so {@code mapping.format} must be {@code dynamodb}.
 */
public final class DynamoDbEventHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final StreamEventWriter writer;

    /**
     * Lambda's constructor: the settings from the environment and {@code KINESIS_OPENSEARCH_CONFIG}.
     *
     * @throws io.kinesisopensearch.config.ConfigException when the settings are bad or name another format
     */
    public DynamoDbEventHandler() {
        this(Settings.fromEnvironment());
    }

    /**
     * A handler for {@code settings}, with a writer of its own.
     *
     * @param settings the settings, as {@link StreamEventWriter#from} reads them
     * @throws io.kinesisopensearch.config.ConfigException when the settings are bad or name another format
     */
    public DynamoDbEventHandler(Settings settings) {
        // Checked before the writer opens its clients.
        this(StreamEventWriter.from(check(settings.getEnum(DecoderOptions.FORMAT, PayloadFormat.class, PayloadFormat.JSON),
                settings)));
    }

    /**
     * A handler writing through {@code writer}: for a handler of your own, with its own sink or hooks.
     *
     * @param writer the writer, which the handler does not close
     * @throws io.kinesisopensearch.config.ConfigException when the writer's mapping is not {@code mapping.format=dynamodb}
     */
    public DynamoDbEventHandler(StreamEventWriter writer) {
        this.writer = check(writer.mapping().decoding().format(), writer);
    }

    private static <T> T check(PayloadFormat format, T checked) {
        if (format != PayloadFormat.DYNAMODB) {
            throw Settings.invalid(DecoderOptions.FORMAT, format.name().toLowerCase(java.util.Locale.ROOT),
                    "must be dynamodb for the DynamoDB Streams handler");
        }
        return checked;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return writer.write(records(event), Duration.ofMillis(context.getRemainingTimeInMillis()));
    }

    static List<EventRecord> records(DynamodbEvent event) {
        List<EventRecord> records = new ArrayList<>(event.getRecords().size());
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            String sequenceNumber = record.getDynamodb().getSequenceNumber();
            java.util.Date created = record.getDynamodb().getApproximateCreationDateTime();
            RecordCoordinates coordinates = new RecordCoordinates(
                    EventSources.streamName(record.getEventSourceARN()),
                    EventSources.streamLabel(record.getEventSourceARN()),
                    sequenceNumber, 0, null, created == null ? null : Instant.ofEpochMilli(created.getTime()));
            records.add(new EventRecord(new SourceRecord(coordinates, DynamoDbChangeJson.of(record)), sequenceNumber));
        }
        return records;
    }
}
