package io.kinesisopensearch.lambda;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.consumer.AwsClientConfig;
import io.kinesisopensearch.consumer.WorkerStats;
import io.kinesisopensearch.consumer.bulk.BulkConfig;
import io.kinesisopensearch.consumer.bulk.BulkWriter;
import io.kinesisopensearch.consumer.bulk.ConcurrencyLimiter;
import io.kinesisopensearch.consumer.bulk.Deadline;
import io.kinesisopensearch.consumer.bulk.OpenSearchClients;
import io.kinesisopensearch.consumer.bulk.OpenSearchConfig;
import io.kinesisopensearch.consumer.bulk.OutOfTimeException;
import io.kinesisopensearch.consumer.deadletter.DeadLetterConfig;
import io.kinesisopensearch.consumer.deadletter.DeadLetterSink;
import io.kinesisopensearch.consumer.deadletter.DeadLetterSinks;
import io.kinesisopensearch.consumer.processor.BatchFlusher;
import io.kinesisopensearch.consumer.processor.RecordBatch;
import io.kinesisopensearch.mapping.RecordMapper;
import java.time.Duration;
import java.util.List;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both handlers share, built once per execution environment: the worker's mapping, bulk
 * writer and dead-letter destination, through the worker's {@link BatchFlusher}.
 *
 * <p>An event is written in batches of the worker's size ({@code bulk.max-actions},
 * {@code bulk.max-bytes}), in order. A poison record (the mapping refuses it, or OpenSearch refuses
 * its document for good) goes to the dead letters and is done. Outages and refusals an operator can
 * fix are retried, but only until the invocation's remaining time less {@code lambda.time-reserve}:
 * then the first record of the batch being written is answered as the batch item failure, so
 * Lambda delivers it and everything after it again, and nothing is skipped.
 */
public final class StreamEventWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamEventWriter.class);

    private final RecordMapper mapper;
    private final BulkConfig bulk;
    private final BatchFlusher flusher;
    private final LambdaConfig lambda;
    private final DeadLetterSink deadLetters;
    private final OpenSearchClient openSearch;

    StreamEventWriter(RecordMapper mapper, BulkConfig bulk, LambdaConfig lambda, OpenSearchClient openSearch,
            DeadLetterSink deadLetters) {
        this.mapper = mapper;
        this.bulk = bulk;
        this.lambda = lambda;
        this.openSearch = openSearch;
        this.deadLetters = deadLetters;
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(bulk.maxConcurrency());
        WorkerStats stats = new WorkerStats(limiter);
        this.flusher = new BatchFlusher(new BulkWriter(openSearch, bulk, limiter, stats), deadLetters, bulk.retry(), stats);
    }

    /** The writer for {@code settings}; a missing or invalid setting is a {@link io.kinesisopensearch.config.ConfigException}. */
    public static StreamEventWriter from(Settings settings) {
        RecordMapper mapper = RecordMapper.from(settings);
        BulkConfig bulk = BulkConfig.from(settings);
        LambdaConfig lambda = LambdaConfig.from(settings);
        AwsClientConfig aws = AwsClientConfig.from(settings);
        DeadLetterSink deadLetters = DeadLetterSinks.open(DeadLetterConfig.from(settings), aws::s3Client);
        return new StreamEventWriter(mapper, bulk, lambda, OpenSearchClients.create(OpenSearchConfig.from(settings)),
                deadLetters);
    }

    /**
     * Writes {@code records} (one shard's, in order) and answers Lambda: no failure when each is in
     * OpenSearch or in the dead letters, else the first one that is not.
     *
     * @param remaining the invocation's remaining time, {@code Context.getRemainingTimeInMillis()}
     */
    public StreamsEventResponse write(List<EventRecord> records, Duration remaining) {
        Deadline deadline = Deadline.in(remaining.minus(lambda.timeReserve()));
        RecordBatch batch = new RecordBatch(bulk);
        int first = 0;
        int deadLettered = 0;
        for (int i = 0; i < records.size(); i++) {
            batch.map(records.get(i).record(), mapper);
            if (batch.isFull() || i == records.size() - 1) {
                try {
                    if (!deadline.allows(Duration.ZERO)) {
                        throw new OutOfTimeException("no time left before " + lambda.timeReserve() + " reserve");
                    }
                    deadLettered += flusher.flush(batch, deadline).size();
                } catch (OutOfTimeException e) {
                    return unwritten(records, first, e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return unwritten(records, first, "interrupted");
                }
                batch = new RecordBatch(bulk);
                first = i + 1;
            }
        }
        LOG.info("Wrote {} records, {} of them to the dead letters", records.size(), deadLettered);
        return new StreamsEventResponse(List.of());
    }

    private static StreamsEventResponse unwritten(List<EventRecord> records, int first, String why) {
        EventRecord failed = records.get(first);
        LOG.warn("{} of {} records written; Lambda will deliver again from {} ({}): {}", first, records.size(),
                failed.itemIdentifier(), failed.record().coordinates(), why);
        return new StreamsEventResponse(List.of(new StreamsEventResponse.BatchItemFailure(failed.itemIdentifier())));
    }

    @Override
    public void close() {
        deadLetters.close();
        try {
            openSearch._transport().close();
        } catch (Exception e) {
            LOG.debug("Closing the OpenSearch transport: {}", e.toString());
        }
    }
}
