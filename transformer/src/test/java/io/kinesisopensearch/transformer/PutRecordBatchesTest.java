package io.kinesisopensearch.transformer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Calls stay within Firehose's limits: 500 records, 4 MiB, 1,000 KiB per record. */
class PutRecordBatchesTest {

    @Test
    void manySmallPiecesGoInCallsOf500() {
        List<List<Integer>> calls = PutRecordBatches.plan(pieces(1_201, 100));

        assertThat(calls).extracting(List::size).containsExactly(500, 500, 201);
        assertThat(calls.get(2).get(200)).isEqualTo(1_200);
    }

    @Test
    void largePiecesGoInCallsOfAtMost4MiBAndTooLargeOnesNowhere() {
        List<byte[]> pieces = pieces(10, 900 * 1024);
        pieces.add(5, new byte[1_000 * 1024 + 1]);

        List<List<Integer>> calls = PutRecordBatches.plan(pieces);

        assertThat(calls).extracting(List::size).containsExactly(4, 4, 2);
        assertThat(calls.stream().flatMap(List::stream)).doesNotContain(5).hasSize(10);
        assertThat(PutRecordBatches.fits(1_000 * 1024)).isTrue();
        assertThat(PutRecordBatches.fits(1_000 * 1024 + 1)).isFalse();
    }

    private static List<byte[]> pieces(int count, int size) {
        List<byte[]> pieces = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pieces.add(new byte[size]);
        }
        return pieces;
    }
}
