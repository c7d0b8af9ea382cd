package io.kinesisopensearch.localstack.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.decode.Gzip;
import io.kinesisopensearch.loader.S3Load;
import io.kinesisopensearch.loader.reconcile.Reconcile;
import io.kinesisopensearch.loader.reconcile.ReconcileReport;
import io.kinesisopensearch.loader.reconcile.Verdict;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.testing.Figures;
import io.kinesisopensearch.localstack.testing.Workers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The reconcile's speed and memory beside the loader's, on the same machine and the same items:
 * {@code bench.items} orders (100,000 by default) are written to a table in dynalite, exported (a
 * scan written in DynamoDB's export layout on S3Mock) and loaded into the index by {@link S3Load};
 * then the table is reconciled with the index. Prints the items a second of both and, for each,
 * from the JVM's MXBeans in a test JVM of {@code -Xmx256m}: the peak heap in use (sampled every
 * 10 ms, garbage included) and the peak live heap (what a full GC, forced every 2 s, left at most;
 * a young collection leaves the old generation's garbage, so only a full one tells what is live). Not an IT: the profile {@code reconcile-bench} runs it, never
 * {@code ./mvnw verify} (writing 100,000 items into dynalite alone takes minutes).
 */
@ExtendWith(LocalStackExtension.class)
class ReconcileBench {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int FILES = 10;

    @Test
    void reconcileBesideTheLoad(LocalStack stack) throws Exception {
        int items = Integer.getInteger("bench.items", 100_000);
        String table = Workers.unique("bench-orders");
        String index = table;
        String bucket = Workers.unique("bench-exports");
        Figures figures = new Figures("reconcile-bench");
        stack.s3Endpoint();
        Workers.createOrdersTable(stack, table, false);
        stack.openSearch().indices().create(create -> create.index(index)
                .settings(settings -> settings.numberOfReplicas(0).refreshInterval(time -> time.time("30s")))
                .mappings(mappings -> mappings.properties("total", property -> property.double_(number -> number))));

        long started = System.nanoTime();
        writeItems(stack, table, items);
        long putMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("%d items written to dynalite in %.1f s%n", items, putMillis / 1e3);

        String prefix = "exports/AWSDynamoDB/01764000000000-bench0000/";
        started = System.nanoTime();
        try (S3Client s3 = stack.s3()) {
            s3.createBucket(create -> create.bucket(bucket));
            writeExport(stack, s3, table, bucket, prefix, items);
        }
        System.out.printf("exported in %.1f s%n", (System.nanoTime() - started) / 1e9);

        Map<String, String> settings = new HashMap<>(stack.workerSettings());
        settings.put("OPENSEARCH_INDEX", index);
        settings.put("MAPPING_FORMAT", "dynamodb");
        settings.put("SOURCE_TYPE", "dynamodb-streams");
        settings.put("DEADLETTER_URI", "file:" + stack.workDir().resolve("dead-letters").resolve(index));
        settings.put("LOAD_SOURCE", "s3://" + bucket + "/" + prefix);
        settings.put("LOAD_DYNAMODB_KEYS", "customer,order");
        settings.put("LOAD_PROGRESS_FILE", stack.workDir().resolve(index + "-progress.txt").toString());
        settings.put("RECONCILE_SOURCE", "dynamodb:" + table);
        settings.put("RECONCILE_WORK_DIR", stack.workDir().resolve("reconcile").toString());

        System.gc();
        HeapWatch loadHeap = new HeapWatch();
        started = System.nanoTime();
        S3Load.Summary load = S3Load.load(Settings.of(settings), System.out, false);
        long loadMillis = (System.nanoTime() - started) / 1_000_000;
        loadHeap.close();
        assertThat(load.documents()).isEqualTo(items);
        stack.openSearch().indices().refresh(refresh -> refresh.index(index));

        System.gc();
        HeapWatch reconcileHeap = new HeapWatch();
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        ReconcileReport report = Reconcile.run(Settings.of(settings), false,
                new PrintStream(progress, true, StandardCharsets.UTF_8), false);
        reconcileHeap.close();
        System.out.print(progress.toString(StandardCharsets.UTF_8));
        System.out.println(report.text());
        assertThat(report.equal()).isTrue();
        assertThat(report.count(Verdict.MATCHING)).isEqualTo(items);

        figures.put("items", items).put("max_heap_mib", Runtime.getRuntime().maxMemory() >> 20)
                .put("dynalite_put_s", putMillis / 1_000)
                .put("load_items_per_s", items * 1_000L / Math.max(1, loadMillis)).put("load_s", loadMillis / 1_000)
                .put("load_peak_heap_used_mib", loadHeap.peakUsed.get() >> 20)
                .put("load_peak_live_heap_mib", loadHeap.peakAfterGc.get() >> 20)
                .put("reconcile_items_per_s", Math.round(report.itemsPerSecond()))
                .put("reconcile_s", report.took().toSeconds())
                .put("reconcile_peak_heap_used_mib", reconcileHeap.peakUsed.get() >> 20)
                .put("reconcile_peak_live_heap_mib", reconcileHeap.peakAfterGc.get() >> 20)
                .put("cores", Runtime.getRuntime().availableProcessors())
                .put("load_average", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage())
                .print();
    }

    /**
     * Watches the heap from its start to {@link #close}: the most in use (sampled every 10 ms, garbage
     * included) and the most a full GC left (one forced every 2 s, and at the end).
     */
    private static final class HeapWatch implements AutoCloseable {
        final AtomicLong peakUsed = new AtomicLong();
        final AtomicLong peakAfterGc = new AtomicLong();
        private final Thread sampler;

        HeapWatch() {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            sampler = new Thread(() -> {
                for (long tick = 1; !Thread.currentThread().isInterrupted(); tick++) {
                    peakUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    if (tick % 200 == 0) {
                        live(memory);
                    }
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        private void live(MemoryMXBean memory) {
            memory.gc(); // a full collection with G1 (not -XX:+ExplicitGCInvokesConcurrent)
            peakAfterGc.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        }

        @Override
        public void close() throws InterruptedException {
            sampler.interrupt();
            sampler.join();
        }
    }

    /** The orders, 25 a BatchWriteItem, four writers at once. */
    private static void writeItems(LocalStack stack, String table, int items) throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int from = 0; from < items; from += 25) {
                int first = from;
                done.add(writers.submit(() -> {
                    List<WriteRequest> puts = new ArrayList<>();
                    for (int order = first; order < Math.min(items, first + 25); order++) {
                        puts.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item(order)).build()).build());
                    }
                    Map<String, List<WriteRequest>> pending = Map.of(table, puts);
                    while (!pending.isEmpty()) {
                        Map<String, List<WriteRequest>> request = pending;
                        BatchWriteItemResponse response = stack.dynamoDb().batchWriteItem(batch -> batch.requestItems(request));
                        pending = response.unprocessedItems();
                    }
                    return null;
                }));
                if (done.size() >= 64) {
                    for (Future<?> future : done) {
                        future.get();
                    }
                    done.clear();
                }
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            writers.shutdownNow();
        }
    }

    private static Map<String, AttributeValue> item(int order) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("customer", AttributeValue.fromS("customer " + order % 997));
        item.put("order", AttributeValue.fromN(String.valueOf(order)));
        item.put("status", AttributeValue.fromS(order % 3 == 0 ? "placed" : order % 3 == 1 ? "paid" : "shipped"));
        item.put("total", AttributeValue.fromN(order % 1000 + "." + order % 100));
        item.put("note", AttributeValue.fromS("order " + order + " of customer " + order % 997 + ", to the door"));
        item.put("lines", AttributeValue.fromL(List.of(AttributeValue.fromS("item " + order % 5),
                AttributeValue.fromS("item " + order % 7))));
        return item;
    }

    /** A scan of the table written in DynamoDB's export layout: 10 gzipped data files and the two manifests. */
    private static void writeExport(LocalStack stack, S3Client s3, String table, String bucket, String prefix, int items)
            throws Exception {
        Instant exportTime = Instant.now();
        List<StringBuilder> data = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            data.add(new StringBuilder());
        }
        int[] count = new int[1];
        stack.dynamoDb().scanPaginator(request -> request.tableName(table)).items().forEach(item -> {
            ObjectNode line = JSON.objectNode();
            line.set("Item", dynamoDbJson(item));
            data.get(count[0]++ % FILES).append(line).append('\n');
        });
        assertThat(count[0]).isEqualTo(items);
        StringBuilder manifest = new StringBuilder();
        for (int i = 0; i < FILES; i++) {
            String key = prefix + "data/file" + i + ".json.gz";
            byte[] gzipped = Gzip.compress(data.get(i).toString());
            data.set(i, null);
            s3.putObject(put -> put.bucket(bucket).key(key), RequestBody.fromBytes(gzipped));
            manifest.append("{\"dataFileS3Key\":\"").append(key).append("\"}\n");
        }
        s3.putObject(put -> put.bucket(bucket).key(prefix + "manifest-files.json"), RequestBody.fromString(manifest.toString()));
        ObjectNode summary = JSON.objectNode();
        summary.put("tableArn", "arn:aws:dynamodb:us-east-1:000000000000:table/" + table);
        summary.put("exportTime", exportTime.toString());
        summary.put("manifestFilesS3Key", prefix + "manifest-files.json");
        summary.put("itemCount", items);
        summary.put("outputFormat", "DYNAMODB_JSON");
        summary.put("exportType", "FULL_EXPORT");
        s3.putObject(put -> put.bucket(bucket).key(prefix + "manifest-summary.json"),
                RequestBody.fromString(MAPPER.writeValueAsString(summary)));
    }

    private static ObjectNode dynamoDbJson(Map<String, AttributeValue> item) {
        ObjectNode json = JSON.objectNode();
        item.forEach((name, value) -> {
            ObjectNode typed = json.putObject(name);
            if (value.s() != null) {
                typed.put("S", value.s());
            } else if (value.n() != null) {
                typed.put("N", value.n());
            } else {
                ArrayNode list = typed.putArray("L");
                value.l().forEach(element -> list.addObject().put("S", element.s()));
            }
        });
        return json;
    }
}
