package io.kinesisopensearch.sink.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OperatorHoldTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final WriteCounters stats = new WriteCounters();
    private final OperatorHold hold = new OperatorHold(stats, now::get);
    private final Refusal blocked = new Refusal(403, "cluster_block_exception",
            "index [orders] blocked by: [FORBIDDEN/8/index write (api)];", "orders");

    @Test
    void oneHoldForAllShardsLastsUntilTheLastOneGetsThrough() {
        OperatorHold.Member first = hold.member();
        OperatorHold.Member second = hold.member();
        first.held(blocked, 100);
        second.held(blocked, 50);
        now.addAndGet(TimeUnit.SECONDS.toNanos(12));
        first.held(blocked, 100);
        first.clear();

        assertThat(hold.on()).as("the second shard still holds").isTrue();
        assertThat(stats.snapshot().holdActive()).isEqualTo(1);

        now.addAndGet(TimeUnit.SECONDS.toNanos(3));
        second.clear();
        second.clear();

        WriteCounters.Snapshot snapshot = stats.snapshot();
        assertThat(hold.on()).isFalse();
        assertThat(snapshot.holdActive()).isZero();
        assertThat(snapshot.holds()).isEqualTo(1);
        assertThat(snapshot.refusalsHeld()).isEqualTo(250);
        assertThat(snapshot.heldMillis()).isEqualTo(15_000);
    }

    @Test
    void aNewRefusalAfterTheEndStartsANewHold() {
        OperatorHold.Member member = hold.member();
        member.held(blocked, 10);
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        member.clear();
        member.held(blocked, 10);

        assertThat(stats.snapshot().holds()).isEqualTo(2);
        assertThat(stats.snapshot().holdActive()).isEqualTo(1);
    }
}
