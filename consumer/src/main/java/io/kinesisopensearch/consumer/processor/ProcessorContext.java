package io.kinesisopensearch.consumer.processor;

import io.kinesisopensearch.consumer.WorkerStats;
import io.kinesisopensearch.consumer.bulk.BulkConfig;
import io.kinesisopensearch.consumer.bulk.BulkWriter;
import io.kinesisopensearch.consumer.deadletter.DeadLetterSink;
import io.kinesisopensearch.consumer.metrics.WorkerMetrics;
import io.kinesisopensearch.mapping.RecordMapper;

/**
 * What all shard processors of a worker share.
 *
 * @param streamName  the stream, for record coordinates
 * @param mapper      record to actions
 * @param writer      actions to OpenSearch
 * @param deadLetters where refused records go
 * @param bulk        when a shard's batch is flushed
 * @param pacing      ... and when, beside the batch limits, it is flushed and checkpointed
 * @param stats       the worker's counters
 * @param metrics     the worker's meters, with the per-shard gauges
 */
public record ProcessorContext(
        String streamName,
        RecordMapper mapper,
        BulkWriter writer,
        DeadLetterSink deadLetters,
        BulkConfig bulk,
        ShardPacing pacing,
        WorkerStats stats,
        WorkerMetrics metrics) {
}
