package io.kinesisopensearch.sink.batch;

import io.kinesisopensearch.retry.RetryPolicy;
import io.kinesisopensearch.sink.bulk.BulkResult;
import io.kinesisopensearch.sink.bulk.BulkWriter;
import io.kinesisopensearch.sink.bulk.Deadline;
import io.kinesisopensearch.sink.bulk.OutOfTimeException;
import io.kinesisopensearch.sink.bulk.WriteCounters;
import io.kinesisopensearch.sink.bulk.WriteWaits;
import io.kinesisopensearch.sink.deadletter.DeadLetter;
import io.kinesisopensearch.sink.deadletter.DeadLetterSink;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a {@link RecordBatch} and stores its dead letters: once {@link #flush} returns, every
 * record of the batch is in OpenSearch or in the dead-letter destination, so whatever follows the
 * batch (a KCL checkpoint, a Lambda answer) may move past it, and each record's outcome is counted
 * in the batch's {@link Ledger}. The one flush of the worker's shard processors, the Lambda handlers
 * and the loader.
 */
public final class BatchFlusher {

    private static final Logger LOG = LoggerFactory.getLogger(BatchFlusher.class);

    private final BulkWriter writer;
    private final DeadLetterSink deadLetters;
    private final RetryPolicy retry;
    private final WriteCounters stats;

    /**
     * @param retry the backoff while the dead-letter destination cannot be written
     */
    public BatchFlusher(BulkWriter writer, DeadLetterSink deadLetters, RetryPolicy retry, WriteCounters stats) {
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.retry = retry;
        this.stats = stats;
    }

    /** Flushes {@code batch}, retrying until it is done; returns the dead letters it stored. */
    public List<DeadLetter> flush(RecordBatch batch) throws InterruptedException {
        try {
            return flush(batch, Deadline.NONE);
        } catch (OutOfTimeException e) {
            throw new IllegalStateException("a flush without deadline ran out of time", e);
        }
    }

    /**
     * Flushes {@code batch}, giving up when retries would pass {@code deadline}.
     *
     * @throws OutOfTimeException when the deadline came first: no record of the batch may be taken
     *                            as written
     */
    public List<DeadLetter> flush(RecordBatch batch, Deadline deadline)
            throws InterruptedException, OutOfTimeException {
        if (batch.isEmpty()) {
            return List.of();
        }
        Ledger ledger = batch.ledger();
        BulkResult result = writer.write(batch.actions(), deadline, ledger.waits());
        List<DeadLetter> letters = batch.deadLetters(result, Instant.now());
        store(letters, deadline, ledger.waits());
        // Only now is every record of the batch done, each with its one outcome.
        Ledger.Tally tally = batch.tally(result);
        ledger.settle(tally);
        stats.recordsSettled(tally.acknowledged(), tally.stale(), tally.coalesced());
        return letters;
    }

    /**
     * Drops {@code batch} unwritten (its shard's lease is gone; the next owner reads its records
     * again): its ledger counts them released. Returns how many there were.
     */
    public int release(RecordBatch batch) {
        int records = batch.recordCount();
        batch.ledger().release(records);
        stats.recordsReleased(records);
        return records;
    }

    /**
     * Checks {@code ledger} with {@code pending} records held by its owner; a break (received not
     * equal to the outcomes and pending together) is logged as an ERROR naming the stream, shard and
     * numbers, and counted, when it appears and whenever its size changes.
     */
    public Ledger.Account check(Ledger ledger, long pending) {
        Ledger.Account account = ledger.account(pending);
        if (ledger.newBreak(account)) {
            stats.ledgerBreak();
            LOG.error("Ledger of stream {} shard {} does not add up: {}. Records went missing between the"
                    + " source and OpenSearch or the dead letters, or were counted twice; please report it",
                    ledger.stream(), ledger.shard(), account);
        }
        return account;
    }

    private void store(List<DeadLetter> letters, Deadline deadline, WriteWaits waits)
            throws InterruptedException, OutOfTimeException {
        if (letters.isEmpty()) {
            return;
        }
        for (int attempt = 0; ; attempt++) {
            try {
                deadLetters.write(letters);
                stats.deadLetters(letters.size());
                waits.answered();
                for (DeadLetter letter : letters) {
                    LOG.warn("Dead letter {}: {}", letter.coordinates(), letter.reason());
                }
                return;
            } catch (IOException | RuntimeException e) {
                // Without its dead letters stored the batch is not done: wait for the destination. The
                // first failure and every tenth: an outage shows without flooding the log.
                if (attempt % 10 == 0) {
                    LOG.error("Cannot store {} dead letters of {} in {} (attempt {}), will retry: {}", letters.size(),
                            letters.get(0).coordinates().shardId(), deadLetters.describe(), attempt + 1, e.toString());
                }
                waits.waiting(WriteWaits.Wait.DEAD_LETTERS, deadLetters.describe() + ": " + e);
                Duration delay = retry.delay(attempt);
                if (!deadline.allows(delay)) {
                    throw new OutOfTimeException("Cannot store " + letters.size() + " dead letters in "
                            + deadLetters.describe() + ", " + deadline + ": " + e);
                }
                Thread.sleep(delay.toMillis());
            }
        }
    }
}
