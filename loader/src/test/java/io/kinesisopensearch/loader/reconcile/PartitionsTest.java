package io.kinesisopensearch.loader.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionsTest {

    private static final Fingerprint A = new Fingerprint(1, 1);
    private static final Fingerprint B = new Fingerprint(2, 2);

    @Test
    void bucketsSpreadIdsEvenlyAndEachLevelDifferently() {
        int[] counts = new int[Partitions.BUCKETS];
        int sameAtNextLevel = 0;
        for (int i = 0; i < 128_000; i++) {
            String key = "customer " + (i % 7) + "|" + i;
            counts[Partitions.bucket(key, 0)]++;
            if (Partitions.bucket(key, 0) == Partitions.bucket(key, 1)) {
                sameAtNextLevel++;
            }
        }
        assertThat(java.util.Arrays.stream(counts).boxed().toList()).allSatisfy(count -> assertThat(count).isBetween(850, 1_150));
        assertThat(sameAtNextLevel).as("levels independent").isBetween(800, 1_200);
    }

    /** The same verdicts whether buckets are compared whole or split (a limit of 1,000 bytes splits some). */
    @Test
    void splittingBigBucketsChangesNoVerdict(@TempDir Path dir) throws IOException {
        assertThat(verdicts(dir.resolve("whole"), Long.MAX_VALUE)).isEqualTo(verdicts(dir.resolve("split"), 1_000))
                .containsEntry(Verdict.MATCHING, 2_100L).containsEntry(Verdict.STALE, 300L)
                .containsEntry(Verdict.MISSING, 300L).containsEntry(Verdict.EXTRA, 300L);
        assertThat(dir.resolve("split")).as("every file deleted at the end").doesNotExist();
    }

    private static Map<Verdict, Long> verdicts(Path dir, long maxBucketBytes) throws IOException {
        Comparison comparison = new Comparison(true, false);
        Map<Verdict, Long> verdicts = new HashMap<>();
        try (Partitions partitions = new Partitions(dir)) {
            for (int i = 0; i < 3_000; i++) {
                String id = "order-" + i;
                if (i % 10 != 9) { // the last of each ten only in the index: extra
                    SourceItem item = ComparisonTest.item(id, A, -1, i);
                    partitions.add(comparison.key(item), item);
                }
                if (i % 10 != 8) { // the one before only in the source: missing
                    IndexDoc document = ComparisonTest.document("orders", id, i % 10 == 7 ? B : A, 1);
                    partitions.add(comparison.key(document), document);
                }
            }
            partitions.compare(comparison, new Comparison.Outcome() {
                @Override
                public void matching(SourceItem item, IndexDoc document) {
                    verdicts.merge(Verdict.MATCHING, 1L, Long::sum);
                }

                @Override
                public void different(Verdict verdict, SourceItem item, IndexDoc document) {
                    verdicts.merge(verdict, 1L, Long::sum);
                }
            }, maxBucketBytes);
        }
        return verdicts;
    }
}
