package io.kinesisopensearch.transformer;

import java.util.List;

/**
 * Puts pieces back into a delivery stream. {@link FirehoseReingestion} does it with Firehose's
 * {@code PutRecordBatch}; benchmarks put them nowhere.
 */
public interface Reingestion {

    /**
     * Puts {@code pieces} into the delivery stream, retrying what is refused until it is accepted,
     * the attempts run out, or {@code deadlineNanos} ({@link System#nanoTime()}) would pass.
     *
     * @return which pieces the delivery stream accepted
     * @throws InterruptedException if interrupted; nothing may then be taken as accepted
     */
    Outcome put(String deliveryStreamArn, String region, List<byte[]> pieces, long deadlineNanos)
            throws InterruptedException;

    /**
     * @param accepted per piece, whether the delivery stream holds it
     * @param calls    PutRecordBatch calls made
     * @param retries  calls that were retries
     */
    record Outcome(boolean[] accepted, int calls, int retries) {

        public int acceptedCount() {
            int count = 0;
            for (boolean piece : accepted) {
                count += piece ? 1 : 0;
            }
            return count;
        }
    }
}
