package io.kinesisopensearch.loader.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ComparisonTest {

    private static final Fingerprint A = new Fingerprint(1, 1);
    private static final Fingerprint B = new Fingerprint(2, 2);

    static SourceItem item(String id, Fingerprint fingerprint, long version, long order) {
        return new SourceItem("orders", id, null, false, version, fingerprint, order, new byte[0]);
    }

    static IndexDoc document(String index, String id, Fingerprint fingerprint, long version) {
        return new IndexDoc(index, id, null, version, 7, 1, fingerprint);
    }

    @Test
    void eachVerdict() {
        Comparison comparison = new Comparison(true, false);
        assertThat(comparison.compare(item("1", A, -1, 1), document("orders", "1", A, 5))).isEqualTo(Verdict.MATCHING);
        assertThat(comparison.compare(item("1", A, -1, 1), document("orders", "1", B, 5))).isEqualTo(Verdict.STALE);
        assertThat(comparison.compare(item("1", A, -1, 1), null)).isEqualTo(Verdict.MISSING);
        assertThat(comparison.compare(null, document("orders", "1", A, 5))).isEqualTo(Verdict.EXTRA);
        assertThat(comparison.compare(null, null)).isEqualTo(Verdict.MATCHING);
        SourceItem delete = new SourceItem("orders", "1", null, true, -1, null, 1, new byte[0]);
        assertThat(comparison.compare(delete, document("orders", "1", A, 5))).as("the source deletes it")
                .isEqualTo(Verdict.EXTRA);
        assertThat(comparison.compare(delete, null)).isEqualTo(Verdict.MATCHING);
        SourceItem routed = new SourceItem("orders", "1", "tenant-1", false, -1, A, 1, new byte[0]);
        assertThat(comparison.compare(routed, document("orders", "1", A, 5))).as("another routing")
                .isEqualTo(Verdict.STALE);
    }

    @Test
    void versionsCountOnlyWhereTheMappingTakesThemFromTheSource() {
        IndexDoc stored = document("orders", "1", A, 5);
        assertThat(new Comparison(true, true).compare(item("1", A, 4, 1), stored)).isEqualTo(Verdict.STALE);
        assertThat(new Comparison(true, true).compare(item("1", A, 5, 1), stored)).isEqualTo(Verdict.MATCHING);
        assertThat(new Comparison(true, true).compare(item("1", B, 5, 1), stored)).as("same version, other document")
                .isEqualTo(Verdict.STALE);
        assertThat(new Comparison(true, false).compare(item("1", A, 4, 1), stored)).isEqualTo(Verdict.MATCHING);
    }

    @Test
    void aFixedIndexComparesIdsWhateverConcreteIndexHoldsThemAPatternComparesIndexAndId() {
        SourceItem item = new SourceItem("logs-2026.01.02", "1", null, false, -1, A, 1, new byte[0]);
        IndexDoc elsewhere = document("logs-2026.01.01", "1", A, 1);
        assertThat(new Comparison(true, false).key(item)).isEqualTo(new Comparison(true, false).key(elsewhere));
        assertThat(new Comparison(false, false).key(item)).isNotEqualTo(new Comparison(false, false).key(elsewhere));
    }

    @Test
    void ofTwoItemsWithOneIdTheHigherVersionElseTheLaterDecides() {
        assertThat(SourceItem.decisive(item("1", A, 9, 1), item("1", B, 3, 2)).fingerprint()).isEqualTo(A);
        assertThat(SourceItem.decisive(item("1", A, -1, 1), item("1", B, -1, 2)).fingerprint()).isEqualTo(B);
        assertThat(SourceItem.decisive(item("1", A, 3, 2), item("1", B, 3, 1)).fingerprint()).isEqualTo(A);
    }

    @Test
    void aBucketJoinFindsEveryKindOfDifferenceOnce() throws Exception {
        Comparison comparison = new Comparison(true, false);
        List<SourceItem> source = List.of(item("same", A, -1, 1), item("changed", A, -1, 2), item("gone", A, -1, 3),
                item("twice", A, -1, 4), item("twice", B, -1, 5),
                new SourceItem("orders", "deleted", null, true, -1, null, 6, new byte[0]),
                new SourceItem("orders", "deleted-here-too", null, true, -1, null, 7, new byte[0]));
        List<IndexDoc> index = List.of(document("orders", "same", A, 1), document("orders", "changed", B, 2),
                document("orders", "added", A, 1), document("orders", "twice", B, 1),
                document("orders-old", "twice", B, 1), document("orders", "deleted", A, 1));
        Map<String, Verdict> verdicts = new TreeMap<>();
        List<String> all = new ArrayList<>();
        comparison.join(source.iterator(), index.iterator(), new Comparison.Outcome() {
            @Override
            public void matching(SourceItem item, IndexDoc document) {
                String id = item != null ? item.id() : document.id();
                verdicts.put(id, Verdict.MATCHING);
                all.add(id);
            }

            @Override
            public void different(Verdict verdict, SourceItem item, IndexDoc document) {
                String id = item != null ? item.id() : document.id();
                verdicts.putIfAbsent(id, verdict);
                all.add(id + ":" + verdict);
            }
        });
        assertThat(verdicts).containsExactlyInAnyOrderEntriesOf(Map.of("same", Verdict.MATCHING,
                "changed", Verdict.STALE, "gone", Verdict.MISSING, "added", Verdict.EXTRA, "twice", Verdict.MATCHING,
                "deleted", Verdict.EXTRA, "deleted-here-too", Verdict.MATCHING));
        // "twice": the later item (B) matches the first copy; the copy in another index is extra.
        assertThat(all).containsOnlyOnce("twice", "twice:EXTRA").hasSize(8);
    }
}
