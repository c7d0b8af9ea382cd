package io.kinesisopensearch.consumer.processor;

import io.kinesisopensearch.consumer.metrics.WorkerMetrics;
import io.kinesisopensearch.mapping.RecordMapper;
import io.kinesisopensearch.sink.OpenSearchSink;

/**
 * What the shard processors of one stream share.
 *
 * @param streamName the stream, for record coordinates
 * @param mapper     record to actions, hooks included
 * @param sink       where the actions and dead letters go; shared by all streams of a worker
 * @param pacing     when, beside the sink's batch limits, a shard flushes and checkpoints
 * @param metrics    the meters, with the per-shard gauges
 */
record ProcessorContext(String streamName, RecordMapper mapper, OpenSearchSink sink, ShardPacing pacing,
        WorkerMetrics metrics) {
}
