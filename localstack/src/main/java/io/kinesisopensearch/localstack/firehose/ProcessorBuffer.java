package io.kinesisopensearch.localstack.firehose;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The processor's buffer, as Firehose keeps it in front of the Lambda function: records wait until
 * {@code bufferBytes} of them are there or the oldest has waited {@code bufferInterval}; then one
 * batch of at most {@code bufferBytes} is taken (a larger record goes alone). Records get
 * Firehose-like record ids when they arrive. Thread-safe: puts add, the one processing thread takes.
 */
final class ProcessorBuffer {

    /** A record waiting for the function. */
    record Buffered(String recordId, long arrival, byte[] data) {
    }

    private final int bufferBytes;
    private final Duration bufferInterval;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<Buffered> records = new ArrayDeque<>();
    private final String recordIdBase = String.valueOf(4_954_698_668_313_554L + (long) (Math.random() * 1e15));
    private final AtomicLong nextRecord = new AtomicLong();
    private long bytes;
    private boolean processing;
    private boolean closed;

    ProcessorBuffer(int bufferBytes, Duration bufferInterval) {
        this.bufferBytes = bufferBytes;
        this.bufferInterval = bufferInterval;
    }

    /** Adds accepted records; returns their record ids. */
    List<String> add(List<byte[]> data) {
        List<String> ids = new ArrayList<>(data.size());
        long now = System.currentTimeMillis();
        lock.lock();
        try {
            for (byte[] record : data) {
                String recordId = recordIdBase + String.format("%020d", nextRecord.getAndIncrement());
                records.add(new Buffered(recordId, now, record));
                bytes += record.length;
                ids.add(recordId);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return ids;
    }

    /** Records taken so far. */
    long received() {
        return nextRecord.get();
    }

    /**
     * Waits until the buffer is full enough or old enough and takes one batch, which counts as being
     * processed until {@link #processed}; null once closed.
     */
    List<Buffered> take() throws InterruptedException {
        lock.lock();
        try {
            while (!closed) {
                if (records.isEmpty()) {
                    changed.await();
                    continue;
                }
                long leftMillis = bufferInterval.toMillis() - (System.currentTimeMillis() - records.peekFirst().arrival());
                if (bytes < bufferBytes && leftMillis > 0) {
                    changed.awaitNanos(leftMillis * 1_000_000);
                    continue;
                }
                List<Buffered> batch = new ArrayList<>();
                long batchBytes = 0;
                while (!records.isEmpty() && (batch.isEmpty() || batchBytes + records.peekFirst().data().length <= bufferBytes)) {
                    Buffered next = records.pollFirst();
                    batchBytes += next.data().length;
                    batch.add(next);
                }
                bytes -= batchBytes;
                processing = true;
                return batch;
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** The batch last taken is done with. */
    void processed() {
        lock.lock();
        try {
            processing = false;
        } finally {
            lock.unlock();
        }
    }

    /** True when nothing waits and no batch is being processed. */
    boolean isIdle() {
        lock.lock();
        try {
            return records.isEmpty() && !processing;
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
