package io.kinesisopensearch.loader.reconcile;

import io.kinesisopensearch.mapping.DocumentAction;
import io.kinesisopensearch.mapping.VersionType;
import io.kinesisopensearch.sink.OpenSearchSink;
import io.kinesisopensearch.sink.batch.RecordBatch;
import io.kinesisopensearch.sink.bulk.BulkResult;
import io.kinesisopensearch.sink.bulk.WriteCounters;
import java.util.ArrayList;
import java.util.List;

/**
 * Repairs confirmed differences through the sink, batch after batch. A missing or stale item's
 * record goes through the mapping into a batch, as any path writes it, with the source's version
 * where it has one (a table item's: the time it was read again), so a change the live pipeline
 * carried since outranks it. An extra is deleted with an external version equal to the one it
 * had when it was confirmed ({@code external_gte}): any write since has raised its version, and
 * wins.
 */
final class Repair {

    private final OpenSearchSink sink;
    private RecordBatch batch;
    private final List<DocumentAction> deletes = new ArrayList<>();
    private long written;
    private long deleted;
    private long refused;
    private long failed;

    Repair(OpenSearchSink sink) {
        this.sink = sink;
        this.batch = sink.newBatch();
    }

    /** Queues the repair of one confirmed difference: {@code expected} as the source holds it, {@code document} as the index does. */
    void add(Verdict verdict, Source.Expected expected, IndexDoc document) {
        if (verdict == Verdict.EXTRA) {
            deletes.add(DocumentAction.delete(document.index(), document.id()).withRouting(document.routing())
                    .withVersion(document.version(), VersionType.EXTERNAL_GTE));
        } else if (verdict != Verdict.MATCHING) {
            sink.add(batch, expected.record(), expected.mapper());
        }
    }

    /** Writes what is queued; returns once OpenSearch answered each action (or the dead letters hold it). */
    void flush() throws InterruptedException {
        if (!batch.isEmpty()) {
            WriteCounters.Snapshot before = sink.counters().snapshot();
            failed += sink.flush(batch).size();
            WriteCounters.Snapshot after = sink.counters().snapshot();
            written += after.actionsAcknowledged() - before.actionsAcknowledged();
            refused += after.staleVersions() - before.staleVersions();
            batch = sink.newBatch();
        }
        if (!deletes.isEmpty()) {
            BulkResult result = sink.writer().write(List.copyOf(deletes));
            deleted += result.acknowledged();
            refused += result.stale();
            failed += result.failures().size();
            deletes.clear();
        }
    }

    ReconcileReport.Repairs totals() {
        return new ReconcileReport.Repairs(written, deleted, refused, failed);
    }
}
