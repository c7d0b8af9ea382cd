package io.kinesisopensearch.localstack.reindex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.consumer.ConsumerWorker;
import io.kinesisopensearch.decode.Json;
import io.kinesisopensearch.loader.reindex.Reindex;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.StreamProducer;
import io.kinesisopensearch.localstack.testing.AliasPoller;
import io.kinesisopensearch.localstack.testing.Documents;
import io.kinesisopensearch.localstack.testing.Figures;
import io.kinesisopensearch.localstack.testing.TableItems;
import io.kinesisopensearch.localstack.testing.Workers;
import io.kinesisopensearch.sink.bulk.DualWrites;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * The mapping of a Kinesis-fed index changes without downtime: a worker writes orders through the
 * alias while orders keep coming (new ones and changes, about 40 a second), a poller searches the
 * alias without pause, and {@code reindex} moves it to an index where {@code amount}, a keyword
 * until now, is a double. The stream keeps no full copy, so the new index is copied from the
 * current one with each document's version. The first run is stopped midway through the backfill
 * (a test hook throws, as a killed process would stop), the worker is restarted, and the second
 * run carries on and swaps. No search
 * fails, no order the poller saw goes missing, the new index then holds every order as last put,
 * the old one is kept (and still copied to), and {@code --rollback} puts the alias back, losing
 * nothing. About 2 minutes (KCL's start-up, the writers' 5 s refresh waited out three times).
 */
@ExtendWith(LocalStackExtension.class)
class ReindexStreamIT {

    private static final int FIRST_ORDERS = 2_500;

    @Test
    void aFieldChangesTypeWhileOrdersFlowAndSearchesRunAndTheRollbackLosesNothing(LocalStack stack) throws Exception {
        OpenSearchClient openSearch = stack.openSearch();
        String stream = Workers.unique("orders");
        String alias = stream;
        String application = Workers.unique("orders-indexer");
        Figures figures = new Figures("reindex-stream");
        Path keyword = mapping(stack, alias + "-v1.json", "keyword");
        Path number = mapping(stack, alias + "-v2.json", "double");

        stack.createStream(stream, 2);
        StreamProducer producer = new StreamProducer(stack.kinesis(), stream);
        Orders orders = new Orders(producer);
        orders.putNew(FIRST_ORDERS);
        stack.leaseTable(application).prepare();
        Map<String, String> settings = Workers.settings(stack, stream, application, alias);
        settings.put("OPENSEARCH_INDEX_ALIAS", "true");
        settings.put("OPENSEARCH_INDEX_SETTINGS", keyword.toString());
        ConsumerWorker worker = Workers.start(settings);
        Thread flow = new Thread(orders, "orders-flow");
        AliasPoller poller = null;
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> stack.searchableDocuments(alias) >= FIRST_ORDERS);
            assertThat(fieldType(openSearch, alias, "amount")).isEqualTo("keyword");
            flow.start();
            poller = new AliasPoller(openSearch, alias, id -> false).start();

            Map<String, String> reindex = new HashMap<>(settings);
            reindex.put("OPENSEARCH_INDEX_SETTINGS", number.toString());
            reindex.put("RECONCILE_SETTLE_TIME", "2s");
            reindex.put("RECONCILE_WORK_DIR", stack.workDir().resolve("reconcile").toString());
            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(progress, true, StandardCharsets.UTF_8);
            // Killed once the backfill has copied its first page.
            long killedStarted = System.nanoTime();
            assertThatThrownBy(() -> Reindex.run(Settings.of(reindex), Reindex.Action.RUN, out, new Reindex.Observer() {
                @Override
                public void copied(long documents) throws IOException {
                    throw new IOException("killed after " + documents + " documents copied");
                }
            })).isInstanceOf(IOException.class).hasMessageContaining("killed after 1000");
            long killedMillis = (System.nanoTime() - killedStarted) / 1_000_000;
            assertThat(state(openSearch, alias).path("phase").asText()).isEqualTo("DUAL_WRITING");
            assertThat(writeIndex(openSearch, alias)).isEqualTo(alias + "-000001");
            // A worker restarted in the middle learns of the reindex from the cluster and copies too.
            assertThat(worker.shutdown(Duration.ofSeconds(30))).as("graceful shutdown").isTrue();
            worker = Workers.start(settings);

            long started = System.nanoTime();
            Reindex.Report report = Reindex.run(Settings.of(reindex), Reindex.Action.RUN, out, new Reindex.Observer() { });
            long reindexMillis = (System.nanoTime() - started) / 1_000_000;
            System.out.print(progress.toString(StandardCharsets.UTF_8));
            System.out.println(report.text());
            assertThat(report.status()).isZero();
            assertThat(report.phase()).isEqualTo("SWAPPED");
            assertThat(writeIndex(openSearch, alias)).isEqualTo(alias + "-000002");
            assertThat(fieldType(openSearch, alias, "amount")).isEqualTo("double");
            assertThat(openSearch.indices().exists(exists -> exists.index(alias + "-000001")).value())
                    .as("the old index is kept").isTrue();
            Thread.sleep(3_000); // searches on the new index while orders still flow

            // The new index equals what was put; so does the old one, still copied to.
            orders.pause();
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .until(() -> equal(openSearch, alias + "-000002", orders.expected()));
            assertThat(equal(openSearch, alias + "-000001", orders.expected())).as("old index copied to").isTrue();
            int afterSwap = orders.expected().size();
            assertThat(openSearch.search(search -> search.index(alias).size(0).query(query -> query.range(range ->
                    range.field("amount").gte(org.opensearch.client.json.JsonData.of(100)))), JsonNode.class)
                    .hits().total().value()).as("a numeric range on the new type").isPositive();
            orders.resume();

            Reindex.Report rollback = Reindex.run(Settings.of(reindex), Reindex.Action.ROLLBACK, out,
                    new Reindex.Observer() { });
            System.out.println(rollback.text());
            assertThat(rollback.phase()).isEqualTo("ROLLED_BACK");
            assertThat(writeIndex(openSearch, alias)).isEqualTo(alias + "-000001");
            assertThat(fieldType(openSearch, alias, "amount")).isEqualTo("keyword");
            assertThat(openSearch.indices().exists(exists -> exists.index(alias + "-000002")).value()).isFalse();
            Thread.sleep(3_000);
            orders.stop();
            flow.join();
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .until(() -> equal(openSearch, alias, orders.expected()));
            poller.close();

            assertThat(poller.failures()).as("failed searches").isEmpty();
            assertThat(poller.disappeared()).as("orders seen, then missing").isEmpty();
            assertThat(poller.indexesSeen()).contains(alias + "-000001", alias + "-000002");
            assertThat(worker.stats().snapshot().deadLetters()).isZero();
            figures.put("orders", orders.expected().size()).put("orders_at_swap_check", afterSwap)
                    .put("changes_put", orders.changes()).put("searches", poller.searches())
                    .put("search_failures", poller.failures().size()).put("disappeared", poller.disappeared().size())
                    .put("killed_run_ms", killedMillis).put("reindex_to_swap_ms", reindexMillis)
                    .put("worker_acknowledged", worker.stats().snapshot().actionsAcknowledged()).print();
        } finally {
            orders.stop();
            if (flow.isAlive()) {
                flow.join();
            }
            if (poller != null) {
                poller.close();
            }
            assertThat(worker.shutdown(Duration.ofSeconds(30))).as("graceful shutdown").isTrue();
        }
    }

    /** Orders put into the stream: first a load of new ones, then, until stopped, 5 new and 5 changed every 250 ms. */
    private static final class Orders implements Runnable {
        private final StreamProducer producer;
        private final Map<String, String> expected = new ConcurrentHashMap<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicBoolean paused = new AtomicBoolean();
        private final Random random = new Random(20);
        private int next;
        private int changes;

        Orders(StreamProducer producer) {
            this.producer = producer;
        }

        void putNew(int count) {
            List<StreamProducer.Entry> entries = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                entries.add(entry(next++, 0));
            }
            put(entries);
        }

        private StreamProducer.Entry entry(int number, int revision) {
            String id = String.format("order-%06d", number);
            String json = String.format("{\"orderId\":\"%s\",\"customer\":\"Customer %d\",\"status\":\"%s\","
                    + "\"amount\":%d.%02d,\"revision\":%d}", id, number % 300, revision == 0 ? "PLACED" : "PAID",
                    (number * 7 + revision * 13) % 500, (number + revision) % 100, revision);
            return new StreamProducer.Entry(id, json.getBytes(StandardCharsets.UTF_8));
        }

        private void put(List<StreamProducer.Entry> entries) {
            producer.put(entries);
            for (StreamProducer.Entry entry : entries) {
                expected.put(entry.partitionKey(), new String(entry.data(), StandardCharsets.UTF_8));
            }
        }

        @Override
        public void run() {
            while (!stop.get()) {
                if (!paused.get()) {
                    List<StreamProducer.Entry> entries = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        entries.add(entry(next++, 0));
                        entries.add(entry(random.nextInt(next - 1), ++changes));
                    }
                    put(entries);
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        void pause() throws InterruptedException {
            paused.set(true);
            Thread.sleep(300); // a put under way ends
        }

        void resume() {
            paused.set(false);
        }

        void stop() {
            stop.set(true);
        }

        int changes() {
            return changes;
        }

        Map<String, JsonNode> expected() throws IOException {
            Map<String, JsonNode> documents = new TreeMap<>();
            for (Map.Entry<String, String> order : expected.entrySet()) {
                documents.put(order.getKey(), Json.mapper().readTree(order.getValue()));
            }
            return documents;
        }
    }

    static Path mapping(LocalStack stack, String name, String amountType) throws IOException {
        return Files.writeString(stack.workDir().resolve(name), """
                {"settings":{"number_of_shards":1,"number_of_replicas":0},
                 "mappings":{"properties":{"orderId":{"type":"keyword"},"amount":{"type":"%s"}}}}
                """.formatted(amountType));
    }

    static boolean equal(OpenSearchClient openSearch, String index, Map<String, JsonNode> expected) {
        Map<String, JsonNode> documents = new TreeMap<>();
        for (Documents.Stored stored : Documents.all(openSearch, index)) {
            documents.put(stored.id(), stored.source());
        }
        return documents.keySet().equals(expected.keySet()) && expected.entrySet().stream().allMatch(entry ->
                TableItems.sameNumbers(documents.get(entry.getKey()), entry.getValue()));
    }

    static String writeIndex(OpenSearchClient openSearch, String alias) throws IOException {
        var result = openSearch.indices().getAlias(get -> get.name(alias)).result();
        return result.entrySet().stream().filter(entry -> Boolean.TRUE.equals(entry.getValue().aliases().get(alias)
                .isWriteIndex())).map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    static String fieldType(OpenSearchClient openSearch, String alias, String field) throws IOException {
        var mappings = openSearch.indices().getMapping(get -> get.index(alias)).result();
        String index = writeIndex(openSearch, alias);
        return mappings.get(index).mappings().properties().get(field)._kind().jsonValue();
    }

    static JsonNode state(OpenSearchClient openSearch, String alias) throws IOException {
        return openSearch.get(get -> get.index(DualWrites.STATE_INDEX).id(alias), JsonNode.class).source();
    }
}
