package io.kinesisopensearch.sink.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConcurrencyLimiterTest {

    @Test
    void a429HalvesTheBoundOncePerRoundOfRequestsInFlight() throws Exception {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(8);
        List<Long> tickets = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tickets.add(limiter.acquire());
        }

        for (long ticket : tickets) {
            limiter.release(ticket, true);
        }

        assertThat(limiter.limit()).isEqualTo(4);
        assertThat(limiter.decreases()).isEqualTo(1);
    }

    @Test
    void persistentThrottlingKeepsHalvingDownToOne() throws Exception {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(8);

        for (int i = 0; i < 5; i++) {
            limiter.release(limiter.acquire(), true);
        }

        assertThat(limiter.limit()).isEqualTo(1);
        assertThat(limiter.lowest()).isEqualTo(1);
    }

    @Test
    void cleanRequestsRaiseTheBoundBackToTheMaximum() throws Exception {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(4);
        limiter.release(limiter.acquire(), true);
        limiter.release(limiter.acquire(), true);
        assertThat(limiter.limit()).isEqualTo(1);

        for (int i = 0; i < 20; i++) {
            limiter.release(limiter.acquire(), false);
        }

        assertThat(limiter.limit()).isEqualTo(4);
        assertThat(limiter.lowest()).isEqualTo(1);
    }

    @Test
    void acquireWaitsForAFreeSlot() throws Exception {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(1);
        long held = limiter.acquire();
        Thread waiter = new Thread(() -> {
            try {
                limiter.release(limiter.acquire(), false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        waiter.join(200);
        assertThat(waiter.isAlive()).as("blocked while the only slot is taken").isTrue();

        limiter.release(held, false);
        waiter.join(2_000);

        assertThat(waiter.isAlive()).isFalse();
    }
}
