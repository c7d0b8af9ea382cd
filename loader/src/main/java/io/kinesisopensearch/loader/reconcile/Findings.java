package io.kinesisopensearch.loader.reconcile;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The counts of a reconcile and the first ids (in id order) of each difference; one thread. */
final class Findings {

    private final int firstIds;
    private final Map<Verdict, Long> counts = new EnumMap<>(Verdict.class);
    private final Map<Verdict, TreeSet<String>> first = new EnumMap<>(Verdict.class);
    private final TreeSet<String> firstChanging = new TreeSet<>();
    private long settled;
    private long changing;

    /** @param firstIds how many ids of each kind are kept */
    Findings(int firstIds) {
        this.firstIds = firstIds;
    }

    void matching(long count) {
        counts.merge(Verdict.MATCHING, count, Long::sum);
    }

    /** An id confirmed different (or, for {@code MATCHING}, equal). */
    void confirmed(Verdict verdict, String id) {
        counts.merge(verdict, 1L, Long::sum);
        if (verdict != Verdict.MATCHING) {
            keep(first.computeIfAbsent(verdict, v -> new TreeSet<>()), id);
        }
    }

    /** An id found different that was equal when read again. */
    void settled() {
        settled++;
        matching(1);
    }

    /** An id still changing when read again for the last time. */
    void changing(String id) {
        changing++;
        keep(firstChanging, id);
    }

    private void keep(TreeSet<String> ids, String id) {
        ids.add(id);
        if (ids.size() > firstIds) {
            ids.pollLast();
        }
    }

    long count(Verdict verdict) {
        return counts.getOrDefault(verdict, 0L);
    }

    Map<Verdict, Long> counts() {
        return Map.copyOf(counts);
    }

    Map<Verdict, List<String>> firstIds() {
        Map<Verdict, List<String>> ids = new EnumMap<>(Verdict.class);
        first.forEach((verdict, set) -> ids.put(verdict, List.copyOf(set)));
        return ids;
    }

    long settledCount() {
        return settled;
    }

    long changingCount() {
        return changing;
    }

    List<String> firstChanging() {
        return List.copyOf(firstChanging);
    }
}
