package io.kinesisopensearch.localstack.load;

import static io.kinesisopensearch.localstack.testing.OrderItems.id;
import static io.kinesisopensearch.localstack.testing.OrderItems.key;
import static io.kinesisopensearch.localstack.testing.OrderItems.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.consumer.ConsumerWorker;
import io.kinesisopensearch.loader.reconcile.Reconcile;
import io.kinesisopensearch.loader.reconcile.ReconcileReport;
import io.kinesisopensearch.loader.reconcile.Verdict;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.testing.Figures;
import io.kinesisopensearch.localstack.testing.LiveOrderChanges;
import io.kinesisopensearch.localstack.testing.TableItems;
import io.kinesisopensearch.localstack.testing.Workers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A user who suspects drift between a table and its index, with the worker reading the table's own
 * stream still running and orders still changing: some documents were deleted from the index,
 * changed in it and added to it directly (the kinds of drift a failure or a stray script leaves).
 * The reconcile reports exactly those, and not the orders that changed while it ran (a few changed
 * on purpose between its reading of the table and of the index, others all along); with
 * {@code --repair} it makes the index equal to the table, and a run after it finds no difference.
 */
@ExtendWith(LocalStackExtension.class)
class ReconcileTableIT {

    private static final int ORDERS = 200;
    private static final List<String> KEYS = List.of("customer", "order");

    @Test
    void theReconcileReportsExactlyTheDriftBesideALiveWorkerAndRepairsIt(LocalStack stack) throws Exception {
        String table = Workers.unique("orders");
        String index = table;
        Figures figures = new Figures("reconcile-table");
        Workers.createOrdersTable(stack, table, true);
        stack.openSearch().indices().create(create -> create.index(index)
                .settings(settings -> settings.gcDeletes(time -> time.time("1h")))
                .mappings(mappings -> mappings.properties("total", property -> property.double_(number -> number))));
        for (int order = 0; order < ORDERS; order++) {
            put(stack, table, order, 0, "placed");
        }
        String application = Workers.unique("orders-indexer");
        stack.leaseTable(application).prepare();
        Map<String, String> settings = Workers.tableStreamSettings(stack, table, application, index);
        ConsumerWorker worker = Workers.start(settings);
        Map<String, String> reconcile = new HashMap<>(settings);
        reconcile.put("RECONCILE_SOURCE", "dynamodb:" + table);
        reconcile.put("RECONCILE_WORK_DIR", stack.workDir().resolve("reconcile").toString());
        reconcile.put("RECONCILE_PROGRESS_INTERVAL", "1s");
        LiveOrderChanges live = new LiveOrderChanges(stack, table, ORDERS, 60, 5, 200, 19);
        Thread changer = new Thread(live, "live-changes");
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> TableItems.indexEquals(stack, index, TableItems.scan(stack, table, KEYS)));
            // From now on orders 200-259 change all along, as a live table does.
            changer.start();

            // Drift, made in the index behind the worker's back: 5 deleted, 7 changed, 4 added.
            List<String> deleted = List.of(id(3), id(31), id(62), id(97), id(120));
            List<String> changed = List.of(id(5), id(40), id(44), id(77), id(101), id(130), id(199));
            List<String> added = List.of("customer 1|9001", "customer 2|9002", "customer 3|9003", "nobody|9004");
            for (String id : deleted) {
                stack.openSearch().delete(request -> request.index(index).id(id));
            }
            for (String id : changed) {
                ObjectNode document = (ObjectNode) stack.openSearch().get(request -> request.index(index).id(id),
                        JsonNode.class).source();
                document.put("status", "changed by hand");
                stack.openSearch().index(request -> request.index(index).id(id).document(document));
            }
            for (String id : added) {
                ObjectNode document = TableItems.plain(Map.of("customer", AttributeValue.fromS(id.split("\\|")[0]),
                        "order", AttributeValue.fromN(id.split("\\|")[1]), "status", AttributeValue.fromS("ghost")));
                stack.openSearch().index(request -> request.index(index).id(id).document(document));
            }
            stack.openSearch().indices().refresh(refresh -> refresh.index(index));

            // Between the reconcile's reading of the table and of the index, 3 orders change, 1 is placed
            // and 1 cancelled, and the worker indexes them: both readings differ, neither is drift.
            Reconcile.Observer changesDuringTheRun = new Reconcile.Observer() {
                @Override
                public void sourceRead() throws java.io.IOException {
                    put(stack, table, 10, 1, "paid");
                    put(stack, table, 11, 1, "paid");
                    put(stack, table, 12, 1, "shipped");
                    put(stack, table, 300, 1, "placed");
                    stack.dynamoDb().deleteItem(request -> request.tableName(table).key(key(150)));
                    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() -> {
                        Map<String, JsonNode> now = TableItems.scan(stack, table, KEYS);
                        return now.get(id(12)).path("status").asText().equals("shipped") && !now.containsKey(id(150))
                                && indexHolds(stack, index, now, List.of(id(10), id(11), id(12), id(150), id(300)));
                    });
                    stack.openSearch().indices().refresh(refresh -> refresh.index(index));
                }
            };
            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            ReconcileReport report = Reconcile.run(Settings.of(reconcile), false,
                    new PrintStream(progress, true, StandardCharsets.UTF_8), false, changesDuringTheRun);
            System.out.print(progress.toString(StandardCharsets.UTF_8));
            System.out.println(report.text());
            assertThat(report.count(Verdict.MISSING)).as("missing").isEqualTo(5);
            assertThat(report.count(Verdict.STALE)).as("stale").isEqualTo(7);
            assertThat(report.count(Verdict.EXTRA)).as("extra").isEqualTo(4);
            assertThat(report.first(Verdict.MISSING)).containsExactlyInAnyOrderElementsOf(deleted);
            assertThat(report.first(Verdict.STALE)).containsExactlyInAnyOrderElementsOf(changed);
            assertThat(report.first(Verdict.EXTRA)).containsExactlyInAnyOrderElementsOf(added);
            assertThat(report.settled()).as("found different, equal when read again").isGreaterThanOrEqualTo(5);
            assertThat(report.equal()).isFalse();
            assertThat(report.repairs()).isNull();
            assertThat(report.text()).contains("missing           5", "The index differs from the source.", "items/s");
            assertThat(progress.toString(StandardCharsets.UTF_8)).contains("Reconcile ", "source items", "documents");

            // The repair, orders still changing.
            ReconcileReport repair = Reconcile.run(Settings.of(reconcile), true, new PrintStream(new ByteArrayOutputStream()),
                    false);
            System.out.println(repair.text());
            assertThat(repair.count(Verdict.MISSING) + repair.count(Verdict.STALE) + repair.count(Verdict.EXTRA))
                    .isEqualTo(16);
            assertThat(repair.repairs().written()).isEqualTo(12);
            assertThat(repair.repairs().deleted()).isEqualTo(4);
            assertThat(repair.repairs().refused() + repair.repairs().failed()).isZero();

            live.stop.set(true);
            changer.join();
            Map<String, JsonNode> tableNow = TableItems.scan(stack, table, KEYS);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> TableItems.indexEquals(stack, index, tableNow));
            ReconcileReport after = Reconcile.run(Settings.of(reconcile), false, new PrintStream(new ByteArrayOutputStream()),
                    false);
            System.out.println(after.text());
            assertThat(after.equal()).as("no difference after the repair").isTrue();
            assertThat(after.count(Verdict.MATCHING)).isEqualTo(tableNow.size());
            assertThat(after.sourceItems()).isEqualTo(tableNow.size());
            assertThat(worker.stats().snapshot().deadLetters()).isZero();
            figures.put("items", tableNow.size()).put("live_changes", live.count.get())
                    .put("missing", report.count(Verdict.MISSING)).put("stale", report.count(Verdict.STALE))
                    .put("extra", report.count(Verdict.EXTRA)).put("settled", report.settled())
                    .put("changing", report.changing()).put("reconcile_ms", report.took().toMillis())
                    .put("repair_written", repair.repairs().written()).put("repair_deleted", repair.repairs().deleted())
                    .put("repair_ms", repair.took().toMillis()).put("after_equal", after.equal()).print();
        } finally {
            live.stop.set(true);
            if (changer.isAlive()) {
                changer.join();
            }
            assertThat(worker.shutdown(Duration.ofSeconds(30))).as("graceful shutdown").isTrue();
        }
    }

    /** The index holds the table's items of {@code ids}, and no document for those the table lacks. */
    private static boolean indexHolds(LocalStack stack, String index, Map<String, JsonNode> table, List<String> ids)
            throws Exception {
        for (String id : ids) {
            var found = stack.openSearch().get(request -> request.index(index).id(id), JsonNode.class);
            if (table.containsKey(id) != found.found()
                    || found.found() && !TableItems.sameNumbers(found.source(), table.get(id))) {
                return false;
            }
        }
        return true;
    }
}
