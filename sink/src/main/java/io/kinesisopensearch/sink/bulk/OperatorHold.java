package io.kinesisopensearch.sink.bulk;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's one hold: on while any {@link Member} (a shard's flush) has a bulk request held because
 * OpenSearch refuses writes for a reason an operator can fix (see {@link ItemVerdict#HOLD_OPERATOR}).
 * It logs one WARN when it starts, a summary every {@link #SUMMARY_INTERVAL} while it lasts and
 * one INFO when it ends, and keeps the {@link WriteCounters} counters, so that an outage of this kind
 * is loud without flooding the log, whatever the number of shards.
 */
final class OperatorHold {

    static final Duration SUMMARY_INTERVAL = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(OperatorHold.class);

    private final WriteCounters stats;
    private final LongSupplier nanoClock;
    private int holders;
    private long startedNanos;
    private long lastSummaryNanos;
    private long attempts;
    private long actionsHeld;
    private boolean announced;

    OperatorHold(WriteCounters stats, LongSupplier nanoClock) {
        this.stats = stats;
        this.nanoClock = nanoClock;
    }

    /** A part in the hold for one caller of the writer (one shard's flush); not shared between threads. */
    final class Member {
        private boolean holding;

        /** The caller's request was refused: {@code actions} of it are held, it retries after a backoff. */
        void held(Refusal refusal, int actions) {
            refused(holding, refusal, actions);
            holding = true;
        }

        /** The caller's request went through, or the caller stops waiting: it holds no more. */
        void clear() {
            if (holding) {
                holding = false;
                released();
            }
        }
    }

    /** A new member, not holding yet. */
    Member member() {
        return new Member();
    }

    private synchronized void refused(boolean memberAlreadyHolding, Refusal refusal, int actions) {
        long now = nanoClock.getAsLong();
        if (!memberAlreadyHolding && holders++ == 0) {
            startedNanos = now;
            lastSummaryNanos = now;
            attempts = 0;
            actionsHeld = 0;
            announced = false;
            stats.holdStarted();
        }
        attempts++;
        actionsHeld += actions;
        stats.refusalsHeld(actions);
        if (!announced) {
            announced = true;
            LOG.warn("HOLD: OpenSearch refuses writes to {} [{}]. The shards' batches are held and retried with "
                    + "backoff until it accepts them; nothing is dead-lettered for this. To resume: {}",
                    refusal.index(), refusal, refusal.remedy());
        } else if (now - lastSummaryNanos >= SUMMARY_INTERVAL.toNanos()) {
            lastSummaryNanos = now;
            LOG.warn("HOLD still on after {} s: {} attempts, {} actions held; last refusal for {}: {}",
                    seconds(now - startedNanos), attempts, actionsHeld, refusal.index(), refusal);
        }
    }

    private synchronized void released() {
        if (--holders == 0) {
            long lasted = nanoClock.getAsLong() - startedNanos;
            stats.holdEnded(lasted / 1_000_000);
            LOG.info("HOLD over after {} s ({} attempts, {} actions held): OpenSearch no longer refuses the writes",
                    seconds(lasted), attempts, actionsHeld);
        }
    }

    /** Whether some sender is holding now. */
    synchronized boolean on() {
        return holders > 0;
    }

    private static long seconds(long nanos) {
        return Math.round(nanos / 1e9);
    }
}
