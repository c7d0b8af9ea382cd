package io.kinesisopensearch.localstack.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The figures consumer/README.md ("Memory") quotes from the bound. */
public class HeapBoundTest {

    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;

    private static HeapBound shipped(int shards, int recordBytes) {
        return new HeapBound(shards, recordBytes, 10_000, 1, 8 * MIB, 5 * MIB, 10 * MIB, 8);
    }

    @Test
    public void aPrefetchByteLimitBelowOneFetchStillLetsOneWholeFetchIn() {
        HeapBound bound = shipped(32, 1024);

        assertThat(bound.fetch()).isEqualTo(10_000 * KIB);
        assertThat(bound.queuedFetches()).isEqualTo(1);
        assertThat(new HeapBound(32, 1024, 10_000, 4, 1 * MIB, 5 * MIB, 10 * MIB, 8).queuedFetches())
                .as("1 MiB against a 9.8 MiB fetch").isEqualTo(1);
    }

    @Test
    public void theShippedSettingsHold825MiBOfRecordsFor32ShardsOf1KiB() {
        assertThat(shipped(32, 1024).recordData() / MIB).isEqualTo(825);
        assertThat(shipped(32, 4096).fetch()).as("10 MiB per GetRecords").isEqualTo(10 * MIB);
    }

    @Test
    public void theFetchCountsTwiceAndTheByteLimitCrossesByTheLastFetch() {
        // 40 KiB fetches, 64 KiB of prefetch: a second fetch is taken at 40 KiB, none at 80 KiB.
        HeapBound test = new HeapBound(32, 4096, 10, 4, 64 * KIB, 256 * KIB, 10 * MIB, 8);

        assertThat(test.queuedFetches()).isEqualTo(2);
        assertThat(test.perShard()).isEqualTo(2 * 40 * KIB + 40 * KIB + 256 * KIB + 8 * KIB);
        assertThat(test.recordData()).isEqualTo(32 * 384 * KIB + 8 * 256 * KIB);
    }

    @Test
    public void fourPendingFetchesCapTheQueueWhenTheByteLimitIsFarAway() {
        HeapBound smallFetches = new HeapBound(32, 1024, 1_000, 4, 8 * MIB, 1 * MIB, 10 * MIB, 8);

        assertThat(smallFetches.queuedFetches()).isEqualTo(4);
    }
}
