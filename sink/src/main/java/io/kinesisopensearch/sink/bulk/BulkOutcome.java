package io.kinesisopensearch.sink.bulk;

import io.kinesisopensearch.mapping.DocumentAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The outcome of each action sent, by position; replaced actions are resolved at the end. When it
 * tracks writes it also keeps, for each action acknowledged, the index it was written to and the
 * version it got, which its copy during a reindex needs.
 */
final class BulkOutcome {
    private static final byte ACKNOWLEDGED = 1;
    private static final byte STALE = 2;
    private static final byte FAILED = 3;
    /** A copy whose index was gone (deleted by the reindex meanwhile): nothing left to write. */
    private static final byte GONE = 4;

    private final byte[] state;
    private final BulkResult.ItemFailure[] failures;
    private final String[] writtenIndex;
    private final long[] writtenVersion;

    BulkOutcome(int size) {
        this(size, false);
    }

    BulkOutcome(int size, boolean trackWrites) {
        state = new byte[size];
        failures = new BulkResult.ItemFailure[size];
        writtenIndex = trackWrites ? new String[size] : null;
        writtenVersion = trackWrites ? new long[size] : null;
    }

    boolean tracksWrites() {
        return writtenIndex != null;
    }

    void acknowledge(int position) {
        state[position] = ACKNOWLEDGED;
    }

    void acknowledge(int position, String index, Long version) {
        state[position] = ACKNOWLEDGED;
        if (writtenIndex != null) {
            writtenIndex[position] = index;
            writtenVersion[position] = version == null ? -1 : version;
        }
    }

    void gone(int position) {
        state[position] = GONE;
    }

    /** The concrete index an acknowledged action was written to; null when not acknowledged or not tracked. */
    String writtenIndex(int position) {
        return writtenIndex == null || state[position] != ACKNOWLEDGED ? null : writtenIndex[position];
    }

    /** The version an acknowledged action got; null when the answer had none. */
    Long writtenVersion(int position) {
        long version = writtenVersion[position];
        return version < 0 ? null : version;
    }

    /** Tells {@code dualWrites} what became of {@code copies}; a copy's refusal is logged there, never a dead letter. */
    void tell(int[] replacedBy, List<DocumentAction> copies, DualWrites dualWrites) {
        long copied = 0;
        long stale = 0;
        long gone = 0;
        for (int position = 0; position < state.length; position++) {
            if (replacedBy[position] != position) {
                continue;
            }
            switch (state[position]) {
                case ACKNOWLEDGED -> copied++;
                case STALE -> stale++;
                case GONE -> gone++;
                default -> {
                    BulkResult.ItemFailure failure = failures[position];
                    dualWrites.refused(copies.get(position), failure == null ? 0 : failure.status(),
                            failure == null ? "not sent" : failure.reason());
                }
            }
        }
        dualWrites.copied(copied);
        dualWrites.stale(stale);
        dualWrites.gone(gone);
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
