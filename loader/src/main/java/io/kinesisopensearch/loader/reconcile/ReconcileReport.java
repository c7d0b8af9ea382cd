package io.kinesisopensearch.loader.reconcile;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a reconcile found, and repaired when asked to.
 *
 * @param source      the source compared
 * @param index       the index (or pattern) compared
 * @param sourceItems documents the source's items map to (deletes included)
 * @param documents   documents read from the index
 * @param counts      ids by verdict: matching, and the differences confirmed when read again
 * @param firstIds    the first ids (in id order) of each difference
 * @param settled     ids found different that were equal when read again: changed during the run
 * @param changing    ids still changing when read again for the last time: neither counted equal nor different
 * @param firstChanging the first of those
 * @param unmapped    source rows or items the mapping refused (a load would dead-letter them)
 * @param repairs     what the repair did; null without {@code --repair}
 * @param took        the run's time
 */
public record ReconcileReport(String source, String index, long sourceItems, long documents, Map<Verdict, Long> counts,
        Map<Verdict, List<String>> firstIds, long settled, long changing, List<String> firstChanging, long unmapped,
        Repairs repairs, Duration took) {

    /**
     * What the repair did.
     *
     * @param written     missing and stale documents OpenSearch accepted
     * @param deleted     extras deleted
     * @param refused     writes and deletes refused because the index held a newer version (a live change won)
     * @param failed      writes and deletes OpenSearch refused for good (a write's record is in the dead letters)
     */
    public record Repairs(long written, long deleted, long refused, long failed) {
    }

    /**
     * Copies the collections: the report does not change.
     *
     * @param source      the source compared
     * @param index       the index (or pattern) compared
     * @param sourceItems documents the source's items map to (deletes included)
     * @param documents   documents read from the index
     * @param counts      ids by verdict: matching, and the differences confirmed when read again
     * @param firstIds    the first ids (in id order) of each difference
     * @param settled     ids found different that were equal when read again: changed during the run
     * @param changing    ids still changing when read again for the last time: neither counted equal nor different
     * @param firstChanging the first of those
     * @param unmapped    source rows or items the mapping refused (a load would dead-letter them)
     * @param repairs     what the repair did; null without {@code --repair}
     * @param took        the run's time
     */
    public ReconcileReport {
        counts = Map.copyOf(counts);
        firstIds = Map.copyOf(firstIds);
        firstChanging = List.copyOf(firstChanging);
    }

    /**
     * How many ids came to {@code verdict}.
     *
     * @param verdict the verdict
     * @return its count
     */
    public long count(Verdict verdict) {
        return counts.getOrDefault(verdict, 0L);
    }

    /**
     * The first ids (in id order) that came to {@code verdict}.
     *
     * @param verdict the verdict
     * @return at most {@code reconcile.report-ids} of them
     */
    public List<String> first(Verdict verdict) {
        return firstIds.getOrDefault(verdict, List.of());
    }

    /**
     * Whether the index held what the source maps to: nothing missing, stale or extra.
     *
     * @return true when equal
     */
    public boolean equal() {
        return count(Verdict.MISSING) + count(Verdict.STALE) + count(Verdict.EXTRA) == 0;
    }

    /**
     * Source items compared a second.
     *
     * @return items a second over the whole run
     */
    public double itemsPerSecond() {
        return sourceItems / Math.max(1e-3, took.toNanos() / 1e9);
    }

    /**
     * The report as printed by the command.
     *
     * @return its lines
     */
    public String text() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Reconciled %s with index %s: %d source items, %d documents in %.1f s"
                + " (%.0f items/s)%n", source, index, sourceItems, documents, took.toNanos() / 1e9, itemsPerSecond()));
        text.append(String.format(Locale.ROOT, "  matching %10d%n", count(Verdict.MATCHING)));
        for (Verdict verdict : List.of(Verdict.MISSING, Verdict.STALE, Verdict.EXTRA)) {
            text.append(String.format(Locale.ROOT, "  %-8s %10d%s%n", verdict.name().toLowerCase(Locale.ROOT),
                    count(verdict), ids(first(verdict), count(verdict))));
        }
        text.append(String.format(Locale.ROOT, "  changed during the run: %d settled (equal when read again), %d still"
                + " changing%s%n", settled, changing, ids(firstChanging, changing)));
        if (unmapped > 0) {
            text.append(String.format(Locale.ROOT, "  %d source rows or items the mapping refuses (not compared)%n",
                    unmapped));
        }
        if (repairs != null) {
            text.append(String.format(Locale.ROOT, "Repaired: %d documents written, %d deleted, %d refused as older than"
                    + " the index, %d failed%n", repairs.written(), repairs.deleted(), repairs.refused(),
                    repairs.failed()));
        }
        text.append(equal() ? "The index equals the source." : "The index differs from the source.");
        return text.toString();
    }

    private static String ids(List<String> ids, long count) {
        if (ids.isEmpty()) {
            return "";
        }
        return "   first: " + String.join(", ", ids) + (count > ids.size() ? ", ..." : "");
    }
}
