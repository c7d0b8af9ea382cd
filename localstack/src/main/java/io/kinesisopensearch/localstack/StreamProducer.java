package io.kinesisopensearch.localstack;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Puts records into a stream the way a producer application would: PutRecords, 500 at a time, the
 * throttled entries sent again. It remembers the last sequence number it got for each shard, which
 * is where a worker's checkpoint must end up.
 */
public final class StreamProducer {

    private static final Logger LOG = LoggerFactory.getLogger(StreamProducer.class);
    private static final int MAX_BATCH = 500;

    private final KinesisClient kinesis;
    private final String stream;
    private final Map<String, BigInteger> lastSequenceNumbers = new HashMap<>();
    private long produced;

    public StreamProducer(KinesisClient kinesis, String stream) {
        this.kinesis = kinesis;
        this.stream = stream;
    }

    /** One record to put. */
    public record Entry(String partitionKey, byte[] data) {
    }

    /** Puts all {@code entries}, logging progress; returns once Kinesis has accepted every one. */
    public synchronized void put(List<Entry> entries) {
        long begin = System.nanoTime();
        for (int from = 0; from < entries.size(); from += MAX_BATCH) {
            List<PutRecordsRequestEntry> batch = new ArrayList<>();
            for (Entry entry : entries.subList(from, Math.min(entries.size(), from + MAX_BATCH))) {
                batch.add(PutRecordsRequestEntry.builder()
                        .partitionKey(entry.partitionKey())
                        .data(SdkBytes.fromByteArrayUnsafe(entry.data()))
                        .build());
            }
            putBatch(batch);
            int done = Math.min(entries.size(), from + MAX_BATCH);
            if (done % 2_000 == 0 || done == entries.size()) {
                LOG.info("Put {} of {} records into {} ({} ms)", done, entries.size(), stream,
                        (System.nanoTime() - begin) / 1_000_000);
            }
        }
    }

    /** Records Kinesis accepted so far. */
    public synchronized long produced() {
        return produced;
    }

    /** For each shard written to, the highest sequence number Kinesis gave. */
    public synchronized Map<String, String> lastSequenceNumbers() {
        Map<String, String> copy = new HashMap<>();
        lastSequenceNumbers.forEach((shard, sequence) -> copy.put(shard, sequence.toString()));
        return copy;
    }

    private void putBatch(List<PutRecordsRequestEntry> batch) {
        List<PutRecordsRequestEntry> pending = batch;
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            if (attempt > 0) {
                sleep(Duration.ofMillis(Math.min(2_000, 50L << Math.min(attempt, 6))));
            }
            List<PutRecordsRequestEntry> toSend = pending;
            PutRecordsResponse response = kinesis.putRecords(request -> request.streamName(stream).records(toSend));
            List<PutRecordsRequestEntry> failed = new ArrayList<>();
            for (int i = 0; i < response.records().size(); i++) {
                PutRecordsResultEntry result = response.records().get(i);
                if (result.errorCode() != null) {
                    failed.add(toSend.get(i));
                } else {
                    produced++;
                    lastSequenceNumbers.merge(result.shardId(), new BigInteger(result.sequenceNumber()), BigInteger::max);
                }
            }
            pending = failed;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while putting records", e);
        }
    }
}
