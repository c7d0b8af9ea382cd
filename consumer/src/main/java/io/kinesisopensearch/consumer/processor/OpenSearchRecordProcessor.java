package io.kinesisopensearch.consumer.processor;

import io.kinesisopensearch.consumer.metrics.ShardGauges;
import io.kinesisopensearch.record.RecordCoordinates;
import io.kinesisopensearch.record.SourceRecord;
import io.kinesisopensearch.sink.OpenSearchSink;
import io.kinesisopensearch.sink.batch.Ledger;
import io.kinesisopensearch.sink.batch.RecordBatch;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.kinesis.exceptions.InvalidStateException;
import software.amazon.kinesis.exceptions.KinesisClientLibDependencyException;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.exceptions.ThrottlingException;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * Follows one shard: records are mapped into a {@link RecordBatch}; when the batch is full, old
 * enough, or the shard is caught up ({@link ShardPacing}) it is flushed (bulk-written, refused
 * records dead-lettered) and only then checkpointed, so a checkpoint never passes a record that is
 * neither in OpenSearch nor in the dead-letter destination. Checkpoints are spaced by
 * {@link ShardPacing#checkpointInterval()}: the last flushed record waits for the next delivery due.
 *
 * <p>Each record read is counted in the shard's {@link Ledger} and, once its batch is flushed, has one
 * outcome there; after each flush the ledger must add up (see {@link OpenSearchSink#check}).
 *
 * <p>KCL calls one processor per shard lease, from one thread at a time. A flush blocks that thread
 * while OpenSearch is slow or away, which stops KCL fetching more for the shard: memory stays bounded
 * by the batch limits and KCL's small prefetch queue.
 */
final class OpenSearchRecordProcessor implements ShardRecordProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(OpenSearchRecordProcessor.class);
    private static final int CHECKPOINT_ATTEMPTS = 10;

    private final ProcessorContext context;
    private final OpenSearchSink sink;
    /** The shard's account of its records, from the lease taken to the lease gone. */
    private Ledger ledger;
    private RecordBatch batch;
    private String shardId = "unassigned";
    private ShardGauges.Shard gauges;
    private long oldestArrivalMillis;
    /** The last flushed record, not yet checkpointed; null when the checkpoint is up to date. */
    private RecordCoordinates unCheckpointed;
    private long lastCheckpointNanos;
    private boolean checkpointedOnce;
    private boolean firstRecordsLogged;

    OpenSearchRecordProcessor(ProcessorContext context) {
        this.context = context;
        this.sink = context.sink();
        this.batch = sink.newBatch();
    }

    /** Runs once, before any records, when this worker takes the shard's lease. */
    @Override
    public void initialize(InitializationInput input) {
        shardId = input.shardId();
        // Asked first (it may be a call to the stream): the shard counts as started once its meters are up.
        Duration retention = context.retention().apply(context.streamName());
        sink.counters().shardStarted();
        ledger = new Ledger(context.streamName(), shardId);
        batch = sink.newBatch(ledger);
        gauges = context.metrics().shards().open(context.streamName(), shardId, ledger);
        gauges.retention(retention);
        LOG.info("Shard {} of stream {}: starting after {}", shardId, context.streamName(), input.extendedSequenceNumber());
    }

    /**
     * Runs for each delivery, empty ones included (the worker asks KCL for those) so that a quiet
     * shard's batch is still flushed once it is old enough.
     */
    @Override
    public void processRecords(ProcessRecordsInput input) {
        gauges.deliveryStarted();
        try {
            List<KinesisClientRecord> records = input.records();
            gauges.millisBehindLatest(input.millisBehindLatest());
            if (!firstRecordsLogged && !records.isEmpty()) {
                // Start-up and handoff are measured to this line (consumer/README.md).
                firstRecordsLogged = true;
                LOG.info("Shard {}: first {} records read, {} ms behind the newest", shardId, records.size(),
                        input.millisBehindLatest());
            }
            // Mapping time, user hooks included, is timed per delivery: a slow hook shows there.
            long mapping = 0;
            for (KinesisClientRecord record : records) {
                long started = System.nanoTime();
                add(sourceRecord(record));
                mapping += System.nanoTime() - started;
                if (batch.isFull()) {
                    flush(input.checkpointer(), false);
                }
            }
            if (!records.isEmpty()) {
                context.metrics().mappingLatency(mapping);
            }
            if (batch.isDue(System.nanoTime()) || (context.pacing().flushWhenCaughtUp() && caughtUp(input))) {
                flush(input.checkpointer(), false);
            } else {
                checkpointIfDue(input.checkpointer(), false);
            }
            gauges.pending(batch.recordCount(), oldestArrivalMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Shard {}: interrupted; {} records stay unacknowledged and will be read again",
                    shardId, batch.recordCount());
        } finally {
            gauges.deliveryEnded();
        }
    }

    /** Another worker took the lease: the batch is dropped unwritten and nothing is checkpointed. */
    @Override
    public void leaseLost(LeaseLostInput input) {
        LOG.info("Shard {}: lease lost; dropping {} unflushed records, the new owner reads them again",
                shardId, batch.recordCount());
        sink.release(batch);
        batch = sink.newBatch(ledger);
        unCheckpointed = null;
        closeGauges();
    }

    /** The shard was split or merged and is read to its end: flush, then checkpoint its end so the children start. */
    @Override
    public void shardEnded(ShardEndedInput input) {
        LOG.info("Shard {}: reached its end", shardId);
        try {
            flush(input.checkpointer(), true);
            checkpoint(input.checkpointer(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeGauges();
    }

    /** The worker is shutting down gracefully: flush and checkpoint, so the next owner starts after it. */
    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
        LOG.info("Shard {}: shutdown requested; flushing {} records", shardId, batch.recordCount());
        try {
            flush(input.checkpointer(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeGauges();
    }

    /**
     * The shard is given up: what its batch still holds (a flush interrupted) is released for the
     * next owner, the ledger checked a last time and its meters removed.
     */
    private void closeGauges() {
        if (ledger != null && !batch.isEmpty()) {
            LOG.info("Shard {}: {} records not written, the next owner reads them again", shardId, batch.recordCount());
            sink.release(batch);
            batch = sink.newBatch(ledger);
        }
        if (ledger != null) {
            LOG.info("Shard {} of stream {}: {}", shardId, context.streamName(), sink.check(ledger, batch.recordCount()));
        }
        if (gauges != null) {
            gauges.close();
        }
    }

    private void add(SourceRecord record) {
        if (batch.isEmpty()) {
            Instant arrival = record.coordinates().arrivalTime();
            oldestArrivalMillis = arrival != null ? arrival.toEpochMilli() : System.currentTimeMillis();
        }
        sink.add(batch, record, context.mapper());
        gauges.pending(batch.recordCount(), oldestArrivalMillis);
    }

    /** Writes the batch, then checkpoints it if a checkpoint is due or {@code now}. */
    private void flush(RecordProcessorCheckpointer checkpointer, boolean now) throws InterruptedException {
        if (!batch.isEmpty()) {
            // While the flush blocks (OpenSearch slow or away) the gauges show what it holds.
            gauges.pending(batch.recordCount(), oldestArrivalMillis);
            sink.flush(batch);
            unCheckpointed = batch.last().coordinates();
            batch = sink.newBatch(ledger);
            gauges.cleared();
            // Every record read so far is settled now, so the ledger must add up with nothing pending.
            sink.check(ledger, batch.recordCount());
        }
        checkpointIfDue(checkpointer, now);
    }

    private void checkpointIfDue(RecordProcessorCheckpointer checkpointer, boolean now) throws InterruptedException {
        if (unCheckpointed == null) {
            return;
        }
        long sinceLast = System.nanoTime() - lastCheckpointNanos;
        if (now || !checkpointedOnce || sinceLast >= context.pacing().checkpointInterval().toNanos()) {
            checkpoint(checkpointer, unCheckpointed);
            unCheckpointed = null;
            lastCheckpointNanos = System.nanoTime();
            checkpointedOnce = true;
        }
    }

    /** The delivery reached the newest record of the shard, as far as the source tells. */
    private static boolean caughtUp(ProcessRecordsInput input) {
        Long behind = input.millisBehindLatest();
        return behind != null && behind <= 0;
    }

    /** Checkpoints at {@code at}, or at the shard's end when {@code at} is null. */
    private void checkpoint(RecordProcessorCheckpointer checkpointer, RecordCoordinates at) throws InterruptedException {
        for (int attempt = 1; attempt <= CHECKPOINT_ATTEMPTS; attempt++) {
            try {
                if (at == null) {
                    checkpointer.checkpoint();
                } else {
                    checkpointer.checkpoint(at.sequenceNumber(), at.subSequenceNumber());
                }
                sink.counters().checkpoint();
                return;
            } catch (ShutdownException e) {
                LOG.info("Shard {}: not checkpointing, the lease is gone", shardId);
                return;
            } catch (ThrottlingException | KinesisClientLibDependencyException e) {
                LOG.warn("Shard {}: checkpoint attempt {} failed, will retry: {}", shardId, attempt, e.toString());
                Thread.sleep(200L * attempt);
            } catch (InvalidStateException e) {
                LOG.error("Shard {}: cannot checkpoint, the lease table is not usable: {}", shardId, e.toString());
                return;
            }
        }
        LOG.error("Shard {}: checkpoint failed {} times; the records will be read again after a restart",
                shardId, CHECKPOINT_ATTEMPTS);
    }

    private SourceRecord sourceRecord(KinesisClientRecord record) {
        ByteBuffer data = record.data().duplicate();
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        RecordCoordinates coordinates = new RecordCoordinates(context.streamName(), shardId, record.sequenceNumber(),
                record.subSequenceNumber(), record.partitionKey(), record.approximateArrivalTimestamp());
        return new SourceRecord(coordinates, bytes);
    }
}
