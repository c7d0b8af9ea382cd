package io.kinesisopensearch.consumer.processor;

import io.kinesisopensearch.consumer.metrics.ShardGauges;
import io.kinesisopensearch.consumer.metrics.WorkerMetrics;
import io.kinesisopensearch.mapping.RecordMapper;
import io.kinesisopensearch.sink.OpenSearchSink;
import java.time.Duration;
import java.util.function.Function;

/**
 * What the shard processors of one stream share.
 *
 * @param streamName the stream, for record coordinates
 * @param mapper     record to actions, hooks included
 * @param sink       where the actions and dead letters go; shared by all streams of a worker
 * @param pacing     when, beside the sink's batch limits, a shard flushes and checkpoints
 * @param metrics    the meters, with the per-shard gauges
 * @param retention  how long the source keeps a stream's records, by stream name, for the retention gauge
 */
record ProcessorContext(String streamName, RecordMapper mapper, OpenSearchSink sink, ShardPacing pacing,
        WorkerMetrics metrics, Function<String, Duration> retention) {

    /** A context whose streams keep their records 24 hours (Kinesis's default, DynamoDB Streams' fixed period). */
    ProcessorContext(String streamName, RecordMapper mapper, OpenSearchSink sink, ShardPacing pacing,
            WorkerMetrics metrics) {
        this(streamName, mapper, sink, pacing, metrics, stream -> ShardGauges.DEFAULT_RETENTION);
    }
}
