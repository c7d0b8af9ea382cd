package io.kinesisopensearch.transformer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Keeps the pieces instead of putting them anywhere, accepting those {@code accept} allows. For the
 * planning logic; the retries against Firehose's wire protocol are tested with the stand-in in
 * {@code localstack}.
 */
final class RecordingReingestion implements Reingestion {

    final List<byte[]> accepted = new ArrayList<>();
    final List<String> streams = new ArrayList<>();
    private final Predicate<byte[]> accept;
    int calls;

    RecordingReingestion(Predicate<byte[]> accept) {
        this.accept = accept;
    }

    static RecordingReingestion acceptingAll() {
        return new RecordingReingestion(piece -> true);
    }

    @Override
    public Outcome put(String deliveryStreamArn, String region, List<byte[]> pieces, long deadlineNanos) {
        calls++;
        streams.add(deliveryStreamArn);
        boolean[] result = new boolean[pieces.size()];
        for (int i = 0; i < pieces.size(); i++) {
            result[i] = accept.test(pieces.get(i));
            if (result[i]) {
                accepted.add(pieces.get(i));
            }
        }
        return new Outcome(result, 1, 0);
    }
}
