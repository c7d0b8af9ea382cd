package io.kinesisopensearch.sink.batch;

import io.kinesisopensearch.mapping.DocumentAction;
import io.kinesisopensearch.mapping.MappingResult;
import io.kinesisopensearch.mapping.RecordMapper;
import io.kinesisopensearch.record.SourceRecord;
import io.kinesisopensearch.sink.bulk.BulkConfig;
import io.kinesisopensearch.sink.bulk.BulkResult;
import io.kinesisopensearch.sink.deadletter.DeadLetter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records mapped together and written together: for a shard, those read since its last checkpoint,
 * flushed as a whole (written, dead letters stored, checkpointed at {@link #last()}); for a replay,
 * a slice of dead letters. Each record is counted in the batch's {@link Ledger} as it is mapped, and
 * its outcome once the batch is flushed.
 */
public final class RecordBatch {

    private static final int ACKNOWLEDGED = 1;
    private static final int STALE = 2;
    private static final int REPLACED = 4;
    private static final int FAILED = 8;

    private final BulkConfig config;
    private final Ledger ledger;
    private final List<SourceRecord> records = new ArrayList<>();
    private final List<DocumentAction> actions = new ArrayList<>();
    private final List<Integer> actionRecords = new ArrayList<>();
    private final Map<Integer, String> mappingErrors = new LinkedHashMap<>();
    private long bytes;
    private long startedNanos;

    /**
     * A batch with a ledger of its own, for a caller that keeps no account across batches;
     * {@link io.kinesisopensearch.sink.OpenSearchSink#newBatch()} gives one with the sink's limits.
     *
     * @param config the limits: {@code maxActions}, {@code maxBytes} and {@code maxWait}
     */
    public RecordBatch(BulkConfig config) {
        this(config, new Ledger("", ""));
    }

    /**
     * A batch whose records are counted in {@code ledger}, the account its owner keeps across batches.
     *
     * @param config the limits: {@code maxActions}, {@code maxBytes} and {@code maxWait}
     * @param ledger the account of the batch's records
     */
    public RecordBatch(BulkConfig config, Ledger ledger) {
        this.config = config;
        this.ledger = ledger;
    }

    /**
     * The account the batch's records are counted in.
     *
     * @return the ledger given at construction, or the batch's own
     */
    public Ledger ledger() {
        return ledger;
    }

    /**
     * Maps {@code record} part by part and adds it with the actions of its good parts; the reasons
     * of its bad parts (a malformed CSV line, log event or array element) make it a dead letter,
     * so that a replay after the fix sends the whole record again. Never throws for a bad record.
     *
     * @param record the record
     * @param mapper the mapping
     * @return how many parts failed, 0 when the whole record mapped
     */
    public int map(SourceRecord record, RecordMapper mapper) {
        // mapEach never throws: whatever goes wrong in the mapping comes back as a part's error.
        MappingResult mapped = mapper.mapEach(record);
        if (!mapped.errors().isEmpty()) {
            List<String> reasons = new ArrayList<>(mapped.errors().size());
            mapped.errors().forEach(error -> reasons.add(error.reason()));
            mappingErrors.put(records.size(), String.join("; ", reasons));
        }
        add(record, mapped.actions());
        ledger.received(1);
        return mapped.errors().size();
    }

    private void add(SourceRecord record, List<DocumentAction> mapped) {
        start();
        int index = records.size();
        records.add(record);
        bytes += record.data().length;
        for (DocumentAction action : mapped) {
            actions.add(action);
            actionRecords.add(index);
            bytes += action.sourceLength();
        }
    }

    /**
     * Whether no record was added.
     *
     * @return true for a batch without records
     */
    public boolean isEmpty() {
        return records.isEmpty();
    }

    /**
     * Whether the batch should be flushed for its size.
     *
     * @return true once it holds {@code maxActions} actions or {@code maxBytes} bytes (records' data and actions' sources)
     */
    public boolean isFull() {
        return actions.size() >= config.maxActions() || bytes >= config.maxBytes();
    }

    /**
     * Whether the batch should be flushed for its age.
     *
     * @param nowNanos the time now, from {@link System#nanoTime()}
     * @return true when it holds records and the first was added {@code maxWait} or longer ago
     */
    public boolean isDue(long nowNanos) {
        return !records.isEmpty() && nowNanos - startedNanos >= config.maxWait().toNanos();
    }

    /**
     * The actions to write.
     *
     * @return the batch's own list, in record order; not to be changed
     */
    public List<DocumentAction> actions() {
        return actions;
    }

    /**
     * How many records were added, mapped or not.
     *
     * @return the number of records
     */
    public int recordCount() {
        return records.size();
    }

    /**
     * The last record: where the checkpoint goes once the batch is flushed.
     *
     * @return the record added last
     * @throws IndexOutOfBoundsException when the batch is empty
     */
    public SourceRecord last() {
        return records.get(records.size() - 1);
    }

    /**
     * The records that must be dead-lettered after {@code result}: those the mapping refused and
     * those with an action OpenSearch refused, one letter per record, in record order.
     *
     * @param result what OpenSearch answered to {@link #actions()}
     * @param now    the time the letters carry
     * @return the letters, each with every reason of its record; empty when there is none
     */
    public List<DeadLetter> deadLetters(BulkResult result, Instant now) {
        Map<Integer, Set<String>> reasons = new LinkedHashMap<>();
        mappingErrors.forEach((record, reason) -> reasons.computeIfAbsent(record, r -> new LinkedHashSet<>()).add(reason));
        for (BulkResult.ItemFailure failure : result.failures()) {
            reasons.computeIfAbsent(actionRecords.get(failure.position()), r -> new LinkedHashSet<>())
                    .add("OpenSearch refused " + actions.get(failure.position()).id() + " with " + failure.status()
                            + ": " + failure.reason());
        }
        List<DeadLetter> letters = new ArrayList<>(reasons.size());
        reasons.keySet().stream().sorted().forEach(record ->
                letters.add(new DeadLetter(records.get(record), String.join("; ", reasons.get(record)), now)));
        return letters;
    }

    /**
     * Each record's outcome after {@code result}, by the rule of {@link Ledger}: dead-lettered if the
     * mapping refused a part of it or an action of it failed; else acknowledged if an action of it
     * was acknowledged or it had none; else stale if an action of it was stale; else coalesced.
     */
    Ledger.Tally tally(BulkResult result) {
        int[] seen = new int[records.size()];
        for (int position = 0; position < actions.size(); position++) {
            seen[actionRecords.get(position)] |= switch (result.outcome(position)) {
                case ACKNOWLEDGED -> ACKNOWLEDGED;
                case STALE -> STALE;
                case REPLACED -> REPLACED;
                case FAILED -> FAILED;
            };
        }
        mappingErrors.keySet().forEach(record -> seen[record] |= FAILED);
        int acknowledged = 0;
        int stale = 0;
        int coalesced = 0;
        int deadLettered = 0;
        for (int outcomes : seen) {
            if ((outcomes & FAILED) != 0) {
                deadLettered++;
            } else if ((outcomes & ACKNOWLEDGED) != 0 || outcomes == 0) {
                acknowledged++;
            } else if ((outcomes & STALE) != 0) {
                stale++;
            } else {
                coalesced++;
            }
        }
        return new Ledger.Tally(acknowledged, stale, coalesced, deadLettered);
    }

    private void start() {
        if (records.isEmpty()) {
            startedNanos = System.nanoTime();
        }
    }
}
