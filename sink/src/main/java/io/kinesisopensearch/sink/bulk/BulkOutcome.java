package io.kinesisopensearch.sink.bulk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The outcome of each action sent, by position; replaced actions are resolved at the end. */
final class BulkOutcome {
    private static final byte ACKNOWLEDGED = 1;
    private static final byte STALE = 2;
    private static final byte FAILED = 3;

    private final byte[] state;
    private final BulkResult.ItemFailure[] failures;

    BulkOutcome(int size) {
        state = new byte[size];
        failures = new BulkResult.ItemFailure[size];
    }

    void acknowledge(int position) {
        state[position] = ACKNOWLEDGED;
    }

    void stale(int position) {
        state[position] = STALE;
    }

    void fail(int position, int status, String reason) {
        state[position] = FAILED;
        failures[position] = new BulkResult.ItemFailure(position, status, reason);
    }

    BulkResult result(int[] replacedBy, WriteCounters stats) {
        int acknowledged = 0;
        int stale = 0;
        int replaced = 0;
        List<BulkResult.ItemFailure> failed = new ArrayList<>();
        BulkResult.Outcome[] outcomes = new BulkResult.Outcome[state.length];
        for (int position = 0; position < state.length; position++) {
            int survivor = replacedBy[position];
            if (survivor != position) {
                if (state[survivor] == FAILED) {
                    BulkResult.ItemFailure cause = failures[survivor];
                    failed.add(new BulkResult.ItemFailure(position, cause.status(), cause.reason()));
                    outcomes[position] = BulkResult.Outcome.FAILED;
                } else {
                    replaced++;
                    outcomes[position] = BulkResult.Outcome.REPLACED;
                }
            } else if (state[position] == ACKNOWLEDGED) {
                acknowledged++;
                outcomes[position] = BulkResult.Outcome.ACKNOWLEDGED;
            } else if (state[position] == STALE) {
                stale++;
                outcomes[position] = BulkResult.Outcome.STALE;
            } else {
                failed.add(failures[position]);
                outcomes[position] = BulkResult.Outcome.FAILED;
            }
        }
        stats.actionsAcknowledged(acknowledged);
        stats.staleVersions(stale);
        stats.actionsReplaced(replaced);
        stats.actionsFailed(failed.size());
        return new BulkResult(acknowledged, stale, replaced, failed, Arrays.asList(outcomes));
    }
}
