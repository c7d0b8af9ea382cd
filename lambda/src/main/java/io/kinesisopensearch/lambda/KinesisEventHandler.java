package io.kinesisopensearch.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.record.RecordCoordinates;
import io.kinesisopensearch.record.SourceRecord;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The function of a Kinesis event-source mapping: the records of one shard, mapped and written as
 * the worker does it, answered with partial batch failures ({@code ReportBatchItemFailures}). The
 * document ids are the worker's, {@code stream:shard:sequence:subsequence} without an id setting,
 * so the worker and this function write the same documents for the same records.
 */
public final class KinesisEventHandler implements RequestHandler<KinesisEvent, StreamsEventResponse> {

    private final StreamEventWriter writer;

    /**
     * Lambda's constructor: the settings from the environment and {@code KINESIS_OPENSEARCH_CONFIG}.
     *
     * @throws io.kinesisopensearch.config.ConfigException when a setting is missing or invalid
     */
    public KinesisEventHandler() {
        this(Settings.fromEnvironment());
    }

    /**
     * A handler for {@code settings}, with a writer of its own.
     *
     * @param settings the settings, as {@link StreamEventWriter#from} reads them
     * @throws io.kinesisopensearch.config.ConfigException when a setting is missing or invalid
     */
    public KinesisEventHandler(Settings settings) {
        this(StreamEventWriter.from(settings));
    }

    /**
     * A handler writing through {@code writer}: for a handler of your own, with its own sink or hooks.
     *
     * @param writer the writer, which the handler does not close
     */
    public KinesisEventHandler(StreamEventWriter writer) {
        this.writer = writer;
    }

    @Override
    public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
        return writer.write(records(event), Duration.ofMillis(context.getRemainingTimeInMillis()));
    }

    static List<EventRecord> records(KinesisEvent event) {
        List<EventRecord> records = new ArrayList<>(event.getRecords().size());
        for (KinesisEvent.KinesisEventRecord record : event.getRecords()) {
            KinesisEvent.Record kinesis = record.getKinesis();
            ByteBuffer data = kinesis.getData().duplicate();
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            RecordCoordinates coordinates = new RecordCoordinates(
                    EventSources.streamName(record.getEventSourceARN()),
                    EventSources.shardId(record.getEventID()),
                    kinesis.getSequenceNumber(), 0, kinesis.getPartitionKey(),
                    kinesis.getApproximateArrivalTimestamp() == null ? null
                            : Instant.ofEpochMilli(kinesis.getApproximateArrivalTimestamp().getTime()));
            records.add(new EventRecord(new SourceRecord(coordinates, bytes), kinesis.getSequenceNumber()));
        }
        return records;
    }
}
