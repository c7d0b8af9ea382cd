package io.kinesisopensearch.localstack.reindex;

import static io.kinesisopensearch.localstack.testing.OrderItems.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.consumer.ConsumerWorker;
import io.kinesisopensearch.loader.reindex.Reindex;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.testing.AliasPoller;
import io.kinesisopensearch.localstack.testing.Figures;
import io.kinesisopensearch.localstack.testing.LiveOrderChanges;
import io.kinesisopensearch.localstack.testing.TableItems;
import io.kinesisopensearch.localstack.testing.Workers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * The same with a DynamoDB table as the source of truth: a worker reads the table's own stream
 * into the alias while orders are placed, changed and cancelled (about 10 changes a second) and a
 * poller searches without pause; {@code reindex} backfills a new index where {@code total}, a
 * keyword until now, is a double, from a scan of the table (killed after its first batch, then run
 * again), checks it against the table and swaps. No search fails, no order seen goes missing unless
 * the table deleted it, the new index and the kept old one equal the table; {@code --rollback}
 * puts the alias back; a second reindex and {@code --finish} leave the alias on the new index and
 * the old one deleted. About 2.5 minutes.
 */
@ExtendWith(LocalStackExtension.class)
class ReindexTableIT {

    private static final int ORDERS = 300;
    private static final List<String> KEYS = List.of("customer", "order");

    @Test
    void aTableFedAliasIsReindexedFromTheTableBesideLiveChanges(LocalStack stack) throws Exception {
        OpenSearchClient openSearch = stack.openSearch();
        String table = Workers.unique("orders");
        String alias = table;
        Figures figures = new Figures("reindex-table");
        Path keyword = mapping(stack, alias + "-v1.json", "keyword");
        Path number = mapping(stack, alias + "-v2.json", "double");
        Workers.createOrdersTable(stack, table, true);
        for (int order = 0; order < ORDERS; order++) {
            put(stack, table, order, 0, "placed");
        }
        String application = Workers.unique("orders-indexer");
        stack.leaseTable(application).prepare();
        Map<String, String> settings = Workers.tableStreamSettings(stack, table, application, alias);
        settings.put("OPENSEARCH_INDEX_ALIAS", "true");
        settings.put("OPENSEARCH_INDEX_SETTINGS", keyword.toString());
        ConsumerWorker worker = Workers.start(settings);
        LiveOrderChanges live = new LiveOrderChanges(stack, table, 0, 400, 6, 100, 20);
        Thread changer = new Thread(live, "live-changes");
        AliasPoller poller = null;
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> TableItems.indexEquals(stack, alias, TableItems.scan(stack, table, KEYS)));
            assertThat(ReindexStreamIT.fieldType(openSearch, alias, "total")).isEqualTo("keyword");
            changer.start();
            poller = new AliasPoller(openSearch, alias, live.deleted::contains).start();

            Map<String, String> reindex = new HashMap<>(settings);
            reindex.put("OPENSEARCH_INDEX_SETTINGS", number.toString());
            reindex.put("REINDEX_SOURCE", "dynamodb:" + table);
            reindex.put("RECONCILE_SETTLE_TIME", "3s");
            reindex.put("RECONCILE_WORK_DIR", stack.workDir().resolve("reconcile").toString());
            reindex.put("BULK_MAX_ACTIONS", "50"); // the backfill flushes, and can be stopped, every 50 items
            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(progress, true, StandardCharsets.UTF_8);
            assertThatThrownBy(() -> Reindex.run(Settings.of(reindex), Reindex.Action.RUN, out, new Reindex.Observer() {
                @Override
                public void copied(long items) throws IOException {
                    throw new IOException("killed after " + items + " items");
                }
            })).isInstanceOf(IOException.class).hasMessageContaining("killed after");
            assertThat(ReindexStreamIT.state(openSearch, alias).path("phase").asText()).isEqualTo("DUAL_WRITING");

            long started = System.nanoTime();
            Reindex.Report report = Reindex.run(Settings.of(reindex), Reindex.Action.RUN, out, new Reindex.Observer() { });
            long reindexMillis = (System.nanoTime() - started) / 1_000_000;
            System.out.print(progress.toString(StandardCharsets.UTF_8));
            System.out.println(report.text());
            assertThat(report.status()).isZero();
            assertThat(report.check()).hasValueSatisfying(check -> assertThat(check.equal()).isTrue());
            assertThat(ReindexStreamIT.writeIndex(openSearch, alias)).isEqualTo(alias + "-000002");
            assertThat(ReindexStreamIT.fieldType(openSearch, alias, "total")).isEqualTo("double");
            Thread.sleep(3_000);

            live.paused.set(true);
            Map<String, JsonNode> afterSwap = settledTable(stack, table);
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .until(() -> TableItems.indexEquals(stack, alias + "-000002", afterSwap));
            assertThat(TableItems.indexEquals(stack, alias + "-000001", afterSwap)).as("the kept old index").isTrue();
            live.paused.set(false);

            Reindex.Report rollback = Reindex.run(Settings.of(reindex), Reindex.Action.ROLLBACK, out,
                    new Reindex.Observer() { });
            assertThat(rollback.phase()).isEqualTo("ROLLED_BACK");
            assertThat(ReindexStreamIT.writeIndex(openSearch, alias)).isEqualTo(alias + "-000001");
            Thread.sleep(2_000);

            Reindex.Report again = Reindex.run(Settings.of(reindex), Reindex.Action.RUN, out, new Reindex.Observer() { });
            assertThat(again.phase()).isEqualTo("SWAPPED");
            Reindex.Report finish = Reindex.run(Settings.of(reindex), Reindex.Action.FINISH, out,
                    new Reindex.Observer() { });
            System.out.println(finish.text());
            assertThat(finish.phase()).isEqualTo("FINISHED");
            assertThat(ReindexStreamIT.writeIndex(openSearch, alias)).isEqualTo(alias + "-000002");
            assertThat(openSearch.indices().exists(exists -> exists.index(alias + "-000001")).value()).isFalse();
            Thread.sleep(2_000);

            live.stop.set(true);
            changer.join();
            Map<String, JsonNode> end = settledTable(stack, table);
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .until(() -> TableItems.indexEquals(stack, alias, end));
            poller.close();
            assertThat(poller.failures()).as("failed searches").isEmpty();
            assertThat(poller.disappeared()).as("orders seen, then missing, not deleted").isEmpty();
            assertThat(poller.indexesSeen()).contains(alias + "-000001", alias + "-000002");
            assertThat(worker.stats().snapshot().deadLetters()).isZero();
            figures.put("items", end.size()).put("live_changes", live.count.get())
                    .put("deletes", live.deleted.size()).put("searches", poller.searches())
                    .put("search_failures", poller.failures().size()).put("disappeared", poller.disappeared().size())
                    .put("reindex_to_swap_ms", reindexMillis).print();
        } finally {
            live.stop.set(true);
            if (changer.isAlive()) {
                changer.join();
            }
            if (poller != null) {
                poller.close();
            }
            assertThat(worker.shutdown(Duration.ofSeconds(30))).as("graceful shutdown").isTrue();
        }
    }

    /** The table once a pause in the changes has let the last one land. */
    private static Map<String, JsonNode> settledTable(LocalStack stack, String table) throws InterruptedException {
        Thread.sleep(300);
        return TableItems.scan(stack, table, KEYS);
    }

    private static Path mapping(LocalStack stack, String name, String totalType) throws IOException {
        return Files.writeString(stack.workDir().resolve(name), """
                {"settings":{"number_of_shards":1,"number_of_replicas":0},
                 "mappings":{"properties":{"customer":{"type":"keyword"},"total":{"type":"%s"}}}}
                """.formatted(totalType));
    }
}
