package io.kinesisopensearch.consumer.processor;

import io.kinesisopensearch.consumer.WorkerStats;
import io.kinesisopensearch.consumer.bulk.BulkResult;
import io.kinesisopensearch.consumer.bulk.BulkWriter;
import io.kinesisopensearch.mapping.DocumentAction;
import io.kinesisopensearch.mapping.MappingException;
import io.kinesisopensearch.mapping.MappingResult;
import io.kinesisopensearch.mapping.RecordMapper;
import io.kinesisopensearch.record.RecordCoordinates;
import io.kinesisopensearch.record.SourceRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
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
 * Follows one shard: each batch KCL delivers is mapped, written to OpenSearch and then checkpointed,
 * so a checkpoint never passes a record OpenSearch has not acknowledged. KCL calls one processor
 * per shard lease, from one thread at a time.
 */
public final class OpenSearchRecordProcessor implements ShardRecordProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(OpenSearchRecordProcessor.class);
    private static final int CHECKPOINT_ATTEMPTS = 10;

    private final String streamName;
    private final RecordMapper mapper;
    private final BulkWriter writer;
    private final WorkerStats stats;
    private String shardId = "unassigned";

    OpenSearchRecordProcessor(String streamName, RecordMapper mapper, BulkWriter writer, WorkerStats stats) {
        this.streamName = streamName;
        this.mapper = mapper;
        this.writer = writer;
        this.stats = stats;
    }

    /** Runs once, before any records, when this worker takes the shard's lease. */
    @Override
    public void initialize(InitializationInput input) {
        shardId = input.shardId();
        stats.shardStarted();
        LOG.info("Shard {} of stream {}: starting after {}", shardId, streamName, input.extendedSequenceNumber());
    }

    /**
     * Runs for each batch: map every record, write all actions in one bulk call, and checkpoint the
     * batch's last record once OpenSearch has acknowledged everything.
     */
    @Override
    public void processRecords(ProcessRecordsInput input) {
        List<KinesisClientRecord> records = input.records();
        if (records.isEmpty()) {
            return;
        }
        stats.recordsReceived(records.size());
        List<DocumentAction> actions = new ArrayList<>(records.size());
        List<RecordCoordinates> origins = new ArrayList<>(records.size());
        for (KinesisClientRecord record : records) {
            SourceRecord source = sourceRecord(record);
            // Part by part: a bad CSV line or log event is reported while its record's good parts are written.
            MappingResult mapped = mapper.mapEach(source);
            for (DocumentAction action : mapped.actions()) {
                actions.add(action);
                origins.add(source.coordinates());
            }
            for (MappingException error : mapped.errors()) {
                stats.mappingError();
                LOG.error("{}", error.getMessage());
            }
        }
        try {
            BulkResult result = writer.write(actions);
            for (BulkResult.ItemFailure failure : result.failures()) {
                LOG.error("OpenSearch refused the document of record {}: {} {}",
                        origins.get(failure.position()), failure.status(), failure.reason());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Shard {}: interrupted while writing; the batch stays unacknowledged", shardId);
            return;
        }
        KinesisClientRecord last = records.get(records.size() - 1);
        checkpoint(input.checkpointer(), last.sequenceNumber(), last.subSequenceNumber());
    }

    /** Another worker took the lease: nothing may be checkpointed any more. */
    @Override
    public void leaseLost(LeaseLostInput input) {
        LOG.info("Shard {}: lease lost", shardId);
    }

    /** The shard was split or merged and is read to its end; checkpointing it lets the children start. */
    @Override
    public void shardEnded(ShardEndedInput input) {
        LOG.info("Shard {}: reached its end", shardId);
        checkpoint(input.checkpointer(), null, 0);
    }

    /**
     * The worker is shutting down gracefully. Every batch delivered so far was written and checkpointed
     * in {@link #processRecords}, so there is nothing to flush.
     */
    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
        LOG.info("Shard {}: shutdown requested", shardId);
    }

    private void checkpoint(RecordProcessorCheckpointer checkpointer, String sequenceNumber, long subSequence) {
        for (int attempt = 1; attempt <= CHECKPOINT_ATTEMPTS; attempt++) {
            try {
                if (sequenceNumber == null) {
                    checkpointer.checkpoint();
                } else {
                    checkpointer.checkpoint(sequenceNumber, subSequence);
                }
                stats.checkpoint();
                return;
            } catch (ShutdownException e) {
                LOG.info("Shard {}: not checkpointing, the lease is gone", shardId);
                return;
            } catch (ThrottlingException | KinesisClientLibDependencyException e) {
                LOG.warn("Shard {}: checkpoint attempt {} failed, will retry: {}", shardId, attempt, e.toString());
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
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
        RecordCoordinates coordinates = new RecordCoordinates(streamName, shardId, record.sequenceNumber(),
                record.subSequenceNumber(), record.partitionKey(), record.approximateArrivalTimestamp());
        return new SourceRecord(coordinates, bytes);
    }
}
