package io.kinesisopensearch.sink.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisopensearch.sink.bulk.WriteWaits;
import org.junit.jupiter.api.Test;

/** What a flush waits on, as the writer tells its ledger: for the report of a shard that makes no progress. */
class LedgerTest {

    @Test
    void aRetryGoesOnWaitingForWhatItIsRetriedForAndAnAnswerIsProgress() {
        Ledger ledger = new Ledger("orders", "shardId-0");
        WriteWaits waits = ledger.waits();

        waits.sending("a bulk request of 5 actions, not answered yet");
        assertThat(ledger.waiting()).map(Ledger.Waiting::reason).contains(WriteWaits.Wait.OPENSEARCH_ANSWER);
        waits.waiting(WriteWaits.Wait.OPERATOR_HOLD, "403 cluster_block_exception");
        long holdingSince = ledger.waiting().orElseThrow().sinceNanos();
        waits.sending("a bulk request of 5 actions, not answered yet");
        waits.waiting(WriteWaits.Wait.OPERATOR_HOLD, "403 cluster_block_exception");
        assertThat(ledger.waiting()).as("the retry still holds, since the first refusal").hasValueSatisfying(waiting -> {
            assertThat(waiting.reason()).isEqualTo(WriteWaits.Wait.OPERATOR_HOLD);
            assertThat(waiting.sinceNanos()).isEqualTo(holdingSince);
        });
        assertThat(ledger.lastProgressNanos()).isZero();

        waits.answered();
        assertThat(ledger.waiting()).isEmpty();
        assertThat(ledger.lastProgressNanos()).isPositive();
    }
}
