package io.kinesisopensearch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictTest {

    @Test
    void quartilesOfFiveRunsAreTheSecondAndTheFourth() {
        Spread spread = Spread.of(List.of(5.0, 1.0, 4.0, 2.0, 3.0));

        assertThat(spread.median()).isEqualTo(3.0);
        assertThat(spread.lowerQuartile()).isEqualTo(2.0);
        assertThat(spread.upperQuartile()).isEqualTo(4.0);
        assertThat(spread.spreadPercent()).isEqualTo(100 * 4.0 / 3.0);
    }

    @Test
    void aTargetIsMetOnlyWhenEvenTheLeastFavourablePairingMeetsIt() {
        Spread worker = Spread.of(List.of(950.0, 1000.0, 1000.0, 1000.0, 1050.0));
        Spread flink = Spread.of(List.of(880.0, 890.0, 900.0, 910.0, 920.0));

        assertThat(Verdict.judge(worker, flink, 1.0, true, false).outcome()).isEqualTo("met");
        assertThat(Verdict.judge(worker, flink, 1.2, true, false).outcome()).isEqualTo("NOT met");
        assertThat(Verdict.judge(worker, flink, 1.1, true, false).outcome()).isEqualTo(Verdict.NO_VERDICT);
    }

    @Test
    void aCeilingTargetIsJudgedTheOtherWayRound() {
        Spread workerCost = Spread.of(List.of(40.0, 41.0, 42.0, 43.0, 44.0));
        Spread flinkCost = Spread.of(List.of(100.0, 100.0, 100.0, 100.0, 100.0));

        assertThat(Verdict.judge(workerCost, flinkCost, 0.5, false, false).outcome()).isEqualTo("met");
        assertThat(Verdict.judge(workerCost, flinkCost, 0.4, false, false).outcome()).isEqualTo("NOT met");
        assertThat(Verdict.judge(workerCost, flinkCost, 0.42, false, true).outcome()).isEqualTo(Verdict.NO_VERDICT);
    }
}
