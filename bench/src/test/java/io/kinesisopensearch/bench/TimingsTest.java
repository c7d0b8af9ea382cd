package io.kinesisopensearch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TimingsTest {

    @Test
    void ratesComeFromTheMedianRunAndTheSpreadFromTheFastestAndSlowest() {
        Timings timings = new Timings();
        timings.add(4.0);
        timings.add(2.0);
        timings.add(5.0);

        assertThat(timings.medianSeconds()).isEqualTo(4.0);
        assertThat(timings.rate(1_000)).isEqualTo(250.0);
        assertThat(timings.lowestRate(1_000)).isEqualTo(200.0);
        assertThat(timings.highestRate(1_000)).isEqualTo(500.0);
        assertThat(timings.spreadPercent(1_000)).isCloseTo(120.0, within(1e-9));
    }

    @Test
    void anEvenNumberOfRunsTakesTheMiddleTwo() {
        Timings timings = new Timings();
        timings.add(1.0);
        timings.add(3.0);

        assertThat(timings.medianSeconds()).isEqualTo(2.0);
    }

    @Test
    void percentilesAreNearestRank() {
        long[] sorted = new long[100];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i + 1;
        }
        assertThat(LatencyRun.percentile(sorted, 50)).isEqualTo(50);
        assertThat(LatencyRun.percentile(sorted, 99)).isEqualTo(99);
        assertThat(LatencyRun.percentile(new long[] {7}, 99)).isEqualTo(7);
    }
}
