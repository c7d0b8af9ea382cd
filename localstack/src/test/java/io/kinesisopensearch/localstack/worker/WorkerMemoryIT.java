package io.kinesisopensearch.localstack.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kinesisopensearch.localstack.Indexes;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.OpenSearchNode;
import io.kinesisopensearch.localstack.StreamProducer;
import io.kinesisopensearch.localstack.WorkerProcess;
import io.kinesisopensearch.localstack.testing.Figures;
import io.kinesisopensearch.localstack.testing.HeapBound;
import io.kinesisopensearch.localstack.testing.Orders;
import io.kinesisopensearch.localstack.testing.ProcessMemory;
import io.kinesisopensearch.localstack.testing.Workers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opensearch.client.opensearch.indices.TranslogDurability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Issue 12 part 3: one worker process with {@value #SHARDS} shards, far behind a stream while
 * OpenSearch indexes with one write thread and a write queue of one, keeps within the heap bound of
 * consumer/README.md ("Memory") computed from its settings, in a heap several times smaller than the
 * backlog (an unbounded prefetch would not fit), keeps indexing, and in the end indexes every record.
 *
 * <p>A measurement as much as a test, and several minutes long: not part of {@code verify}; run it
 * with {@code ./mvnw -o -pl localstack -am verify -Dit.test=WorkerMemoryIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false} ({@code -Dmemory.records}, {@code -Dmemory.record-bytes},
 * {@code -Dmemory.xmx} to change the load).
 */
@ExtendWith(LocalStackExtension.class)
class WorkerMemoryIT {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerMemoryIT.class);
    private static final int SHARDS = 32;
    private static final int RECORDS = Integer.getInteger("memory.records", 40_000);
    private static final int RECORD_BYTES = Integer.getInteger("memory.record-bytes", 4_096);
    private static final String XMX = System.getProperty("memory.xmx", "48m");
    /** Records that wait in the stream before the worker starts; the rest arrive while it works. */
    private static final int BACKLOG = RECORDS * 9 / 10;
    private static final int BACKLOG_CHUNK = 500;
    /** While the worker reads, kinesis-mock answers slowly: smaller requests stay within the client's timeout. */
    private static final int ARRIVAL_CHUNK = 100;
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);
    /**
     * Heap bytes per record byte held: the README's constant, set above what this test measured. The
     * base of the bound is measured: the live heap of the same worker once it has caught up.
     */
    private static final double K = 1.25;

    /** The settings that cap what a shard holds; {@code -Dmemory.*} to try others (the shipped ones do not fit). */
    private static final String MAX_RECORDS_PER_FETCH = System.getProperty("memory.max-records-per-fetch", "10");
    private static final String MAX_PREFETCH_BYTES = System.getProperty("memory.max-prefetch-bytes", "65536");
    private static final String BULK_MAX_BYTES = System.getProperty("memory.bulk-max-bytes", "262144");

    /** One look at the worker: when, its live heap, its resident set, and what OpenSearch holds. */
    private record Sample(long millis, ProcessMemory.LiveHeap heap, long rss, long indexed) {
    }

    @Test
    void aWorkerFarBehindStaysWithinItsBoundAndIndexesEverything(LocalStack stack) throws Exception {
        Figures figures = new Figures("memory");
        OpenSearchNode node = stack.startOpenSearchNode(Map.of(
                "thread_pool.write.size", "1",
                "thread_pool.write.queue_size", "1"));
        String stream = Workers.unique("memory");
        String index = stream;
        // Three primaries, as in ThrottlingIT: a bulk request becomes three write tasks for a queue of one.
        // The padding is kept in _source only, so that the node's CPU goes to the write path, not to text analysis.
        // The translog is synced every 5 s rather than on every bulk request: the shared machine's disk is
        // not what this test is about, and the single write thread is still the bottleneck.
        node.client().indices().create(create -> create.index(index)
                .settings(settings -> settings.numberOfShards(3).numberOfReplicas(0)
                        .translog(translog -> translog.durability(TranslogDurability.Async)))
                .mappings(mappings -> mappings.properties("note",
                        property -> property.keyword(keyword -> keyword.index(false).docValues(false)))));
        stack.createStream(stream, SHARDS);
        stack.leaseTable(stream).prepareWithLeases(stream);
        StreamProducer producer = new StreamProducer(stack.kinesis(), stream);

        long putStarted = System.nanoTime();
        put(producer, 0, BACKLOG, BACKLOG_CHUNK, 0);
        long backlogPutMillis = (System.nanoTime() - putStarted) / 1_000_000;

        // The shipped KCL settings (the quick failover of the other tests loses leases on a busy machine), polling.
        Map<String, String> settings = Workers.shippedSettings(stack, stream, stream, index);
        settings.put("KINESIS_RETRIEVAL", "POLLING");
        // A shard read up to five times a second (the Kinesis limit) rather than every 1.5 s: the queues
        // refill as fast as the processors empty them, the worst case of the bound.
        settings.put("KINESIS_POLLING_IDLE_TIME", "200ms");
        settings.put("OPENSEARCH_URL", node.endpoint().toString());
        settings.put("KINESIS_MAX_RECORDS_PER_FETCH", MAX_RECORDS_PER_FETCH);
        settings.put("KINESIS_MAX_PREFETCH_BYTES", MAX_PREFETCH_BYTES);
        // More pending fetches than the default one, so that the byte limit is what stops the queue
        // (two 40 KiB fetches against 64 KiB): the bound's harder case.
        settings.put("KINESIS_MAX_PENDING_FETCHES", "4");
        settings.put("BULK_MAX_BYTES", BULK_MAX_BYTES);
        HeapBound bound = new HeapBound(SHARDS, RECORD_BYTES, Integer.parseInt(MAX_RECORDS_PER_FETCH), 4,
                Long.parseLong(MAX_PREFETCH_BYTES), Long.parseLong(BULK_MAX_BYTES), 10L * 1024 * 1024, 8);
        long backlog = (long) RECORDS * RECORD_BYTES;
        long heapLimit = parseSize(XMX);
        assertThat(backlog).as("the records produced, against the heap: an unbounded prefetch could not fit")
                .isGreaterThan(3 * heapLimit);

        WorkerProcess worker = WorkerProcess.start(settings, stack.workDir().resolve(stream),
                List.of("-Xmx" + XMX, "-XX:NativeMemoryTracking=summary"));
        try {
            ProcessMemory memory = new ProcessMemory(worker.pid());
            long started = System.nanoTime();
            CompletableFuture<Void> producing = CompletableFuture.runAsync(
                    () -> put(producer, BACKLOG, RECORDS, ARRIVAL_CHUNK, 500));
            List<Sample> samples = new ArrayList<>();
            long indexed = 0;
            while (!producing.isDone() || indexed < RECORDS) {
                assertThat(worker.isAlive()).as("the worker process is up").isTrue();
                if (producing.isCompletedExceptionally()) {
                    producing.join();
                }
                indexed = Indexes.searchableDocuments(node.client(), index);
                Sample sample = new Sample((System.nanoTime() - started) / 1_000_000, memory.liveHeap(), memory.rss(), indexed);
                samples.add(sample);
                System.out.printf("memory sample: t=%ds live=%dMiB bytes[]=%dMiB rss=%dMiB indexed=%d%n",
                        sample.millis() / 1000, mib(sample.heap().bytes()), mib(sample.heap().byteArrayBytes()),
                        mib(sample.rss()), sample.indexed());
                assertThat(System.nanoTime() - started).as("time to index everything")
                        .isLessThan(Duration.ofMinutes(20).toNanos());
                Thread.sleep(SAMPLE_EVERY.toMillis());
            }
            producing.join();
            long indexMillis = (System.nanoTime() - started) / 1_000_000;
            Map<String, String> ends = producer.lastSequenceNumbers();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> stack.leaseTable(stream).checkpoints().equals(ends));
            // Caught up and idle: what the worker holds besides records.
            Thread.sleep(5_000);
            ProcessMemory.LiveHeap idle = memory.liveHeap();
            String nativeMemory = memory.nativeMemorySummary();
            long peakRss = memory.peakRss();
            worker.terminate();
            assertThat(worker.awaitExit(Duration.ofSeconds(60))).as("exit after SIGTERM").isNotEqualTo(-1);

            System.out.println("Native memory of the worker when idle:\n" + nativeMemory);
            Sample peak = samples.stream().max((a, b) -> Long.compare(a.heap().bytes(), b.heap().bytes())).orElseThrow();
            figures.put("shards", SHARDS)
                    .put("recordBytes", RECORD_BYTES)
                    .put("records", RECORDS)
                    .put("backlogMiB", mib(backlog))
                    .put("backlogPutMillis", backlogPutMillis)
                    .put("xmx", XMX)
                    .put("maxRecordsPerFetch", MAX_RECORDS_PER_FETCH)
                    .put("maxPrefetchBytes", MAX_PREFETCH_BYTES)
                    .put("bulkMaxBytes", BULK_MAX_BYTES)
                    .put("boundRecordDataMiB", mib(bound.recordData()))
                    .put("boundHeapMiB", mib(bound.heap(idle.bytes(), K)))
                    .put("peakLiveHeapMiB", mib(peak.heap().bytes()))
                    .put("peakByteArraysMiB", mib(peak.heap().byteArrayBytes()))
                    .put("peakAtSecond", peak.millis() / 1000)
                    .put("idleLiveHeapMiB", mib(idle.bytes()))
                    .put("measuredK", String.format("%.2f", (double) (peak.heap().bytes() - idle.bytes()) / bound.recordData()))
                    .put("peakRssMiB", mib(peakRss))
                    .put("samples", samples.size())
                    .put("indexed", Indexes.searchableDocuments(node.client(), index))
                    .put("indexMillis", indexMillis)
                    .put("retries", worker.lastStats().getOrDefault("retries", 0L))
                    .put("throttled", worker.lastStats().getOrDefault("throttled", 0L))
                    .print();
            String log = Files.readString(worker.log(), StandardCharsets.UTF_8);
            assertThat(log).as("the worker's console").doesNotContain("OutOfMemoryError");
            assertThat(peak.heap().bytes()).as("peak live heap against the bound").isLessThan(bound.heap(idle.bytes(), K));
            assertThat(longestStallMillis(samples)).as("longest time without a document more, while behind")
                    .isLessThan(Duration.ofSeconds(60).toMillis());
            assertThat(Indexes.searchableDocuments(node.client(), index)).as("documents, one per record (ids are unique)")
                    .isEqualTo(RECORDS);

            assertThat(bound.heap(idle.bytes(), K)).as("the bound fits the heap").isLessThan(heapLimit);
        } finally {
            worker.close();
        }
    }

    /** Puts orders {@code from} to {@code to - 1}, {@code size} at a time (the test's own heap stays small), pausing between. */
    private static void put(StreamProducer producer, int from, int to, int size, long pauseMillis) {
        for (int chunk = from; chunk < to; chunk += size) {
            sleep(Duration.ofMillis(pauseMillis));
            List<StreamProducer.Entry> entries = new ArrayList<>(size);
            for (int number = chunk; number < Math.min(to, chunk + size); number++) {
                entries.add(Orders.entry(number, padded(number)));
            }
            // kinesis-mock on a busy machine may time a request out: put the chunk again (same ids, same documents).
            for (int attempt = 1; ; attempt++) {
                try {
                    producer.put(entries);
                    break;
                } catch (SdkException e) {
                    if (attempt == 5) {
                        throw e;
                    }
                    LOG.warn("Putting orders {} to {} failed (attempt {}), again in 2 s: {}", chunk, chunk + entries.size(),
                            attempt, e.toString());
                    sleep(Duration.ofSeconds(2));
                }
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An order of exactly {@link #RECORD_BYTES} bytes: the order's fields and a note to fill up. */
    static String padded(int number) {
        String order = Orders.json(number);
        String head = order.substring(0, order.length() - 1) + ",\"note\":\"";
        int fill = RECORD_BYTES - head.length() - 2;
        StringBuilder note = new StringBuilder(fill);
        while (note.length() < fill) {
            note.append("packed in a box of recycled card, order ").append(number).append("; ");
        }
        note.setLength(Math.max(0, fill));
        return head + note + "\"}";
    }

    /** The longest time between two samples at which OpenSearch held more documents, until all were there. */
    private static long longestStallMillis(List<Sample> samples) {
        long longest = 0;
        long since = 0;
        long last = -1;
        for (Sample sample : samples) {
            if (sample.indexed() > last) {
                last = sample.indexed();
                since = sample.millis();
            } else if (sample.indexed() < RECORDS) {
                longest = Math.max(longest, sample.millis() - since);
            }
        }
        return longest;
    }

    private static long parseSize(String size) {
        long number = Long.parseLong(size.substring(0, size.length() - 1));
        return switch (Character.toLowerCase(size.charAt(size.length() - 1))) {
            case 'k' -> number * 1024;
            case 'm' -> number * 1024 * 1024;
            case 'g' -> number * 1024 * 1024 * 1024;
            default -> Long.parseLong(size);
        };
    }

    private static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }
}
