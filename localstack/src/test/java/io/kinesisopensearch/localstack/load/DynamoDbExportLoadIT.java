package io.kinesisopensearch.localstack.load;

import static io.kinesisopensearch.localstack.testing.OrderItems.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.consumer.ConsumerWorker;
import io.kinesisopensearch.decode.Gzip;
import io.kinesisopensearch.loader.S3Load;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.testing.Documents;
import io.kinesisopensearch.localstack.testing.Figures;
import io.kinesisopensearch.localstack.testing.Ledgers;
import io.kinesisopensearch.localstack.testing.Scrape;
import io.kinesisopensearch.localstack.testing.TableItems;
import io.kinesisopensearch.localstack.testing.Workers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A table's export to S3 loaded beside its live stream, the way a user brings an existing table to
 * OpenSearch: the table holds orders before its stream is enabled (those reach OpenSearch only
 * through the export); the stream is enabled and a worker reads it while orders change; an export
 * is taken (simulated in the real layout on S3Mock: a scan written as {@code manifest-summary.json},
 * {@code manifest-files.json} and gzipped data files); the exported orders keep being changed and
 * deleted, and those later changes are indexed; only then is the export loaded, changes still
 * flowing. A naive load would put the exported (older) items back over the later changes and bring
 * deleted orders back; the export time as version makes OpenSearch refuse them as stale, and the
 * index ends equal to the table.
 */
@ExtendWith(LocalStackExtension.class)
class DynamoDbExportLoadIT {

    private static final List<String> KEYS = List.of("customer", "order");

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int ORDERS = 300;

    @Test
    void anExportLoadedBesideTheLiveStreamNeverOverwritesALaterChange(LocalStack stack) throws Exception {
        String table = Workers.unique("orders");
        String index = table;
        String bucket = Workers.unique("exports");
        long seed = Long.getLong("story.seed", System.nanoTime());
        Figures figures = new Figures("dynamodb-export-load");
        stack.s3Endpoint();
        Workers.createOrdersTable(stack, table, false);
        // Orders from before the stream: no change record will ever carry them, only the export.
        for (int order = 0; order < ORDERS; order++) {
            put(stack, table, order, 0, "placed");
        }
        stack.dynamoDb().updateTable(request -> request.tableName(table).streamSpecification(stream -> stream
                .streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        stack.dynamoDb().waiter().waitUntilTableExists(request -> request.tableName(table));
        // gc_deletes must cover the time from a delete to the load: a delete forgotten by then would
        // let the exported (older) item come back (see the README).
        stack.openSearch().indices().create(create -> create.index(index)
                .settings(settings -> settings.gcDeletes(time -> time.time("1h")))
                .mappings(mappings -> mappings.properties("total", property -> property.double_(number -> number))));
        String application = Workers.unique("orders-indexer");
        stack.leaseTable(application).prepare();
        Map<String, String> settings = Workers.tableStreamSettings(stack, table, application, index);
        ConsumerWorker worker = Workers.start(settings);
        Changes changes = new Changes(stack, table, new Random(seed));
        Thread changer = new Thread(changes, "changes");
        changer.start();
        try {
            Thread.sleep(3_000);

            // The export. Its time is the whole minute the scan starts in (DynamoDB Streams stamps changes
            // to the second; the whole minute, needed with DynamoDB Local, which stamped them to the
            // minute, is as safe): every change after the scan is then stamped that minute or later, and
            // its version (time, sequence number) is above the export's (that minute, sequence 0). A
            // change before the scan may outrank the export too: harmless, since the export shows that
            // change.
            changes.lock.lock();
            Instant exportTime;
            Map<String, JsonNode> exported;
            List<Map<String, AttributeValue>> items;
            try {
                exportTime = Instant.now().truncatedTo(ChronoUnit.MINUTES);
                items = stack.dynamoDb().scanPaginator(request -> request.tableName(table)).items().stream().toList();
                exported = byId(items);
            } finally {
                changes.lock.unlock();
            }
            String exportPrefix = "exports/AWSDynamoDB/01764000000000-a1b2c3d4/";
            try (S3Client s3 = stack.s3()) {
                s3.createBucket(create -> create.bucket(bucket));
                writeExport(s3, bucket, exportPrefix, table, exportTime, items);
            }
            int changesBeforeExport = changes.count.get();

            // Exported orders change and go; these later changes are indexed before the load starts.
            Thread.sleep(4_000);
            Map<String, JsonNode> changed = pausedScan(stack, table, changes);
            Set<String> touched = new TreeSet<>(exported.keySet());
            touched.addAll(changed.keySet());
            touched.removeIf(id -> Objects.equals(exported.get(id), changed.get(id)));
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> indexHolds(stack, index, changed, touched));
            changes.lock.unlock();
            long changedSinceExport = exported.keySet().stream().filter(touched::contains).count();
            long neverInTheStream = changed.values().stream().filter(item -> item.path("edit").asInt() == 0).count();

            // The load, while changes keep flowing.
            Map<String, String> load = new HashMap<>(settings);
            load.put("LOAD_SOURCE", "s3://" + bucket + "/" + exportPrefix);
            load.put("LOAD_PROGRESS_FILE", stack.workDir().resolve(index + "-progress.txt").toString());
            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            int changesBeforeLoad = changes.count.get();
            long loadStarted = System.nanoTime();
            S3Load.Summary summary = S3Load.load(Settings.of(load), new PrintStream(progress, true, StandardCharsets.UTF_8),
                    false);
            long loadMillis = (System.nanoTime() - loadStarted) / 1_000_000;
            int changesDuringLoad = changes.count.get() - changesBeforeLoad;
            Thread.sleep(2_000);
            changes.stop.set(true);
            changer.join();
            System.out.print(progress.toString(StandardCharsets.UTF_8));

            Map<String, JsonNode> tableNow = TableItems.scan(stack, table, KEYS);
            long lastWrite = System.nanoTime();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> TableItems.indexEquals(stack, index, tableNow));
            assertThat(summary.rows()).as("export items read").isEqualTo(exported.size());
            assertThat(summary.deadLetters()).isZero();
            assertThat(summary.documents() + summary.stale()).isEqualTo(exported.size());
            // Every exported order changed or deleted since the export was refused as stale (and maybe more:
            // changes made in the export's minute before the scan outrank it too, harmlessly).
            assertThat(summary.stale()).as("export items refused as stale").isGreaterThanOrEqualTo(changedSinceExport)
                    .isPositive();
            // Orders never changed since they were placed, before the stream, are only in the export: written,
            // but for those a change during the load reached first.
            assertThat(summary.documents()).as("export items written: orders the stream never carried")
                    .isGreaterThanOrEqualTo(neverInTheStream - changesDuringLoad).isPositive();
            assertThat(worker.stats().snapshot().deadLetters()).isZero();
            // Each export item one outcome; the worker beside it, caught up, each change one too.
            assertThat(summary.records().balanced()).as("%s", summary.records()).isTrue();
            assertThat(summary.records().received()).isEqualTo(exported.size());
            assertThat(summary.records().stale()).isEqualTo(summary.stale());
            Ledgers.assertBalanced(Scrape.metrics(worker.metricsPort().orElseThrow()));
            figures.put("seed", seed).put("orders", ORDERS).put("export_items", exported.size())
                    .put("changes_before_export", changesBeforeExport)
                    .put("exported_items_changed_or_deleted_before_load", changedSinceExport)
                    .put("changes_during_load", changesDuringLoad).put("changes", changes.count.get())
                    .put("items_never_in_the_stream_before_load", neverInTheStream)
                    .put("load_written", summary.documents()).put("load_refused_stale", summary.stale())
                    .put("load_ms", loadMillis).put("items_at_end", tableNow.size())
                    .put("load_ledger", '"' + summary.records().toString() + '"')
                    .put("equal_after_last_write_ms", (System.nanoTime() - lastWrite) / 1_000_000)
                    .print();
        } finally {
            changes.stop.set(true);
            if (changes.lock.isHeldByCurrentThread()) {
                changes.lock.unlock();
            }
            changer.join();
            assertThat(worker.shutdown(Duration.ofSeconds(30))).as("graceful shutdown").isTrue();
        }
    }

    /** Orders changed and deleted one after the other until stopped; holding {@code lock} pauses them. */
    private static final class Changes implements Runnable {
        final ReentrantLock lock = new ReentrantLock();
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger count = new AtomicInteger();
        private final LocalStack stack;
        private final String table;
        private final Random random;

        Changes(LocalStack stack, String table, Random random) {
            this.stack = stack;
            this.table = table;
            this.random = random;
        }

        @Override
        public void run() {
            for (int edit = 1; !stop.get(); edit++) {
                lock.lock();
                try {
                    int order = random.nextInt(ORDERS + 30);
                    if (random.nextInt(5) == 0) {
                        stack.dynamoDb().deleteItem(request -> request.tableName(table).key(key(order)));
                    } else {
                        put(stack, table, order, edit, random.nextBoolean() ? "paid" : "shipped");
                    }
                    count.incrementAndGet();
                } finally {
                    lock.unlock();
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Pauses the changes (the caller unlocks) and scans the table. */
    private static Map<String, JsonNode> pausedScan(LocalStack stack, String table, Changes changes) {
        changes.lock.lock();
        return TableItems.scan(stack, table, KEYS);
    }

    /**
     * The export's files in the layout DynamoDB writes
     * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/S3DataExport.Output.html):
     * the summary, the manifest of data files, and gzipped data files of {"Item":{...}} lines.
     */
    private static void writeExport(S3Client s3, String bucket, String prefix, String table, Instant exportTime,
            List<Map<String, AttributeValue>> items) throws Exception {
        int files = 3;
        List<StringBuilder> data = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            data.add(new StringBuilder());
        }
        for (int i = 0; i < items.size(); i++) {
            ObjectNode line = JSON.objectNode();
            line.set("Item", dynamoDbJson(items.get(i)));
            data.get(i % files).append(MAPPER.writeValueAsString(line)).append('\n');
        }
        StringBuilder manifest = new StringBuilder();
        for (int i = 0; i < files; i++) {
            String key = prefix + "data/file" + i + ".json.gz";
            s3.putObject(put -> put.bucket(bucket).key(key), RequestBody.fromBytes(Gzip.compress(data.get(i).toString())));
            ObjectNode entry = JSON.objectNode();
            entry.put("itemCount", data.get(i).toString().lines().count());
            entry.put("dataFileS3Key", key);
            manifest.append(MAPPER.writeValueAsString(entry)).append('\n');
        }
        s3.putObject(put -> put.bucket(bucket).key(prefix + "manifest-files.json"), RequestBody.fromString(manifest.toString()));
        ObjectNode summary = JSON.objectNode();
        summary.put("version", "2020-06-30");
        summary.put("tableArn", "arn:aws:dynamodb:us-east-1:000000000000:table/" + table);
        summary.put("exportTime", exportTime.toString());
        summary.put("s3Bucket", bucket);
        summary.put("s3Prefix", "exports");
        summary.put("manifestFilesS3Key", prefix + "manifest-files.json");
        summary.put("itemCount", items.size());
        summary.put("outputFormat", "DYNAMODB_JSON");
        summary.put("exportType", "FULL_EXPORT");
        s3.putObject(put -> put.bucket(bucket).key(prefix + "manifest-summary.json"),
                RequestBody.fromString(MAPPER.writeValueAsString(summary)));
        s3.putObject(put -> put.bucket(bucket).key(prefix + "_started"), RequestBody.empty());
    }

    private static ObjectNode dynamoDbJson(Map<String, AttributeValue> item) {
        ObjectNode json = JSON.objectNode();
        item.forEach((name, value) -> json.set(name, dynamoDbJson(value)));
        return json;
    }

    private static JsonNode dynamoDbJson(AttributeValue value) {
        ObjectNode typed = JSON.objectNode();
        if (value.s() != null) {
            typed.put("S", value.s());
        } else if (value.n() != null) {
            typed.put("N", value.n());
        } else if (value.hasL()) {
            ArrayNode list = typed.putArray("L");
            value.l().forEach(element -> list.add(dynamoDbJson(element)));
        } else {
            throw new IllegalArgumentException("not in the test's items: " + value);
        }
        return typed;
    }

    private static void put(LocalStack stack, String table, int order, int edit, String status) {
        Map<String, AttributeValue> item = new HashMap<>(key(order));
        item.put("status", AttributeValue.fromS(status));
        item.put("edit", AttributeValue.fromN(String.valueOf(edit)));
        item.put("total", AttributeValue.fromN(order + "." + edit % 100));
        item.put("lines", AttributeValue.fromL(List.of(AttributeValue.fromS("item " + edit % 5))));
        stack.dynamoDb().putItem(request -> request.tableName(table).item(item));
    }

    /** The index holds the table's items of {@code ids}, and no document for those the table lacks. */
    private static boolean indexHolds(LocalStack stack, String index, Map<String, JsonNode> table, Set<String> ids) {
        Map<String, JsonNode> documents = new TreeMap<>();
        for (Documents.Stored stored : Documents.all(stack.openSearch(), index)) {
            documents.put(stored.id(), stored.source());
        }
        return ids.stream().allMatch(id -> table.containsKey(id)
                ? documents.containsKey(id) && TableItems.sameNumbers(documents.get(id), table.get(id))
                : !documents.containsKey(id));
    }

    /** Items as plain JSON by document id. */
    private static Map<String, JsonNode> byId(List<Map<String, AttributeValue>> items) {
        Map<String, JsonNode> plain = new TreeMap<>();
        for (Map<String, AttributeValue> item : items) {
            plain.put(item.get("customer").s() + "|" + item.get("order").n(), TableItems.plain(item));
        }
        return plain;
    }
}
