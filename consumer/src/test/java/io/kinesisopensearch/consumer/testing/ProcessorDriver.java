package io.kinesisopensearch.consumer.testing;

import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;
import software.amazon.kinesis.retrieval.KinesisClientRecord;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;

/**
 * Drives a factory's shard processors as KCL's scheduler would, without KCL: a thread per shard,
 * records in deliveries of a fixed size, then a graceful shutdown; the checkpointer only counts.
 * For the benchmarks of the processing path, where the lease table is not what is measured.
 */
public final class ProcessorDriver {

    private final AtomicLong checkpoints = new AtomicLong();

    /**
     * Spreads {@code items} over {@code shards} by their partition key's hash, each shard's in order
     * with increasing sequence numbers.
     */
    public static <T> List<List<KinesisClientRecord>> spread(List<T> items, Function<T, String> partitionKey,
            Function<T, byte[]> data, int shards) {
        List<List<KinesisClientRecord>> byShard = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            byShard.add(new ArrayList<>());
        }
        Instant now = Instant.now();
        long sequence = 0;
        for (T item : items) {
            String key = partitionKey.apply(item);
            byShard.get(Math.floorMod(key.hashCode(), shards)).add(KinesisClientRecord.builder()
                    .data(ByteBuffer.wrap(data.apply(item)).asReadOnlyBuffer()).partitionKey(key)
                    .sequenceNumber(String.format("4960000000000000000000%020d", sequence++)).subSequenceNumber(0)
                    .approximateArrivalTimestamp(now).build());
        }
        return byShard;
    }

    /**
     * Runs a processor of {@code factory} per shard of {@code byShard}, each on its own thread, and
     * returns once every one has shut down.
     */
    public void run(ShardRecordProcessorFactory factory, List<List<KinesisClientRecord>> byShard, int delivery)
            throws Exception {
        RecordProcessorCheckpointer checkpointer = countingCheckpointer();
        AtomicInteger nextShard = new AtomicInteger();
        onThreads(byShard.size(), () -> {
            int shard = nextShard.getAndIncrement();
            ShardRecordProcessor processor = factory.shardRecordProcessor();
            processor.initialize(InitializationInput.builder().shardId(String.format("shardId-%012d", shard))
                    .extendedSequenceNumber(ExtendedSequenceNumber.TRIM_HORIZON).build());
            List<KinesisClientRecord> records = byShard.get(shard);
            for (int from = 0; from < records.size(); from += delivery) {
                processor.processRecords(ProcessRecordsInput.builder()
                        .records(records.subList(from, Math.min(records.size(), from + delivery)))
                        .checkpointer(checkpointer).millisBehindLatest(0L).build());
            }
            processor.shutdownRequested(ShutdownRequestedInput.builder().checkpointer(checkpointer).build());
            return null;
        });
    }

    /** Runs {@code task} on {@code threads} threads at once and returns when all are done; the first failure is thrown. */
    public static void onThreads(int threads, Callable<Void> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(task));
            }
            for (Future<Void> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The checkpoint calls so far, over every run. */
    public long checkpoints() {
        return checkpoints.get();
    }

    private RecordProcessorCheckpointer countingCheckpointer() {
        return (RecordProcessorCheckpointer) Proxy.newProxyInstance(ProcessorDriver.class.getClassLoader(),
                new Class<?>[] {RecordProcessorCheckpointer.class}, (proxy, method, args) -> {
                    if (method.getName().equals("checkpoint")) {
                        checkpoints.incrementAndGet();
                    }
                    return switch (method.getName()) {
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        case "toString" -> "counting checkpointer";
                        default -> null;
                    };
                });
    }
}
