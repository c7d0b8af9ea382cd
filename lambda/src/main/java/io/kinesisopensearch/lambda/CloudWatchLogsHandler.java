package io.kinesisopensearch.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.CloudWatchLogsEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.decode.DecoderOptions;
import io.kinesisopensearch.decode.PayloadFormat;
import io.kinesisopensearch.record.RecordCoordinates;
import io.kinesisopensearch.record.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The function of a CloudWatch Logs subscription filter: the event's {@code awslogs.data} (base64
 * of a gzip payload) is mapped as {@code mapping.format=cloudwatch-logs} maps it behind Kinesis or
 * Firehose, one document per log event ({@code @timestamp}, {@code message}, {@code logGroup},
 * {@code logStream}, {@code owner}) with the log event's id as its id, and written through the
 * same sink. A control message (CloudWatch Logs checking that it can reach the function) writes
 * nothing; a payload that does not decode (not base64, not gzip, not a subscription payload) goes
 * to the dead letters with its reason and the invocation succeeds.
 *
 * <p>CloudWatch Logs invokes asynchronously: when OpenSearch stays unavailable until
 * {@code lambda.time-reserve} before the invocation's end, the invocation fails (throws) before its
 * time runs out, and Lambda invokes it again with the same event (twice by default, then its
 * on-failure destination). The ids are the log events' ids, so a retry rewrites the same
 * documents and writes none twice.
 */
public final class CloudWatchLogsHandler implements RequestHandler<CloudWatchLogsEvent, String> {

    private final StreamEventWriter writer;

    /** Lambda's constructor: the settings from the environment and {@code KINESIS_OPENSEARCH_CONFIG}. */
    public CloudWatchLogsHandler() {
        this(Settings.fromEnvironment());
    }

    /**
     * A handler for {@code settings}, with a writer and a sink of its own.
     *
     * @param settings the settings of {@link StreamEventWriter#from(Settings)}, with {@code mapping.format=cloudwatch-logs}
     * @throws io.kinesisopensearch.config.ConfigException when the settings are bad or name another format
     */
    public CloudWatchLogsHandler(Settings settings) {
        // Checked before the writer opens its clients.
        this(StreamEventWriter.from(check(settings.getEnum(DecoderOptions.FORMAT, PayloadFormat.class, PayloadFormat.JSON),
                settings)));
    }

    /**
     * A handler writing through {@code writer}: for a handler of your own, with its own sink or hooks.
     *
     * @param writer the writer, whose mapping decodes CloudWatch Logs payloads; the handler does not close it
     * @throws io.kinesisopensearch.config.ConfigException when the writer's mapping is not {@code mapping.format=cloudwatch-logs}
     */
    public CloudWatchLogsHandler(StreamEventWriter writer) {
        this.writer = check(writer.mapping().decoding().format(), writer);
    }

    private static <T> T check(PayloadFormat format, T checked) {
        if (format != PayloadFormat.CLOUDWATCH_LOGS) {
            throw Settings.invalid(DecoderOptions.FORMAT, format.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    "must be cloudwatch-logs for the CloudWatch Logs subscription handler");
        }
        return checked;
    }

    /**
     * Writes the event's log events; returns a summary for the log.
     *
     * @throws IllegalStateException when they were not written before the time reserve: Lambda invokes again
     */
    @Override
    public String handleRequest(CloudWatchLogsEvent event, Context context) {
        String data = event.getAwsLogs() == null || event.getAwsLogs().getData() == null ? "" : event.getAwsLogs().getData();
        byte[] payload;
        try {
            payload = Base64.getDecoder().decode(data.strip());
        } catch (IllegalArgumentException notBase64) {
            // As it came: the mapping refuses it as no gzip payload, and the dead letter keeps it.
            payload = data.getBytes(StandardCharsets.UTF_8);
        }
        String requestId = context.getAwsRequestId();
        RecordCoordinates coordinates = new RecordCoordinates("cloudwatch-logs", context.getFunctionName(), requestId, 0,
                null, Instant.now());
        long before = writer.sink().counters().snapshot().actionsAcknowledged();
        StreamsEventResponse response = writer.write(List.of(new EventRecord(new SourceRecord(coordinates, payload),
                requestId)), Duration.ofMillis(context.getRemainingTimeInMillis()));
        if (!response.getBatchItemFailures().isEmpty()) {
            throw new IllegalStateException("The log events of request " + requestId + " were not written before the "
                    + "time reserve; CloudWatch Logs' invocation is retried by Lambda");
        }
        long written = writer.sink().counters().snapshot().actionsAcknowledged() - before;
        return "Wrote " + written + " log events";
    }
}
