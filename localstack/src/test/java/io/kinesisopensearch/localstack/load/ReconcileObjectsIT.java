package io.kinesisopensearch.localstack.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.decode.Gzip;
import io.kinesisopensearch.loader.S3Load;
import io.kinesisopensearch.loader.reconcile.Reconcile;
import io.kinesisopensearch.loader.reconcile.ReconcileReport;
import io.kinesisopensearch.loader.reconcile.Verdict;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.testing.Documents;
import io.kinesisopensearch.localstack.testing.Figures;
import io.kinesisopensearch.localstack.testing.Workers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * CSV objects under an S3 prefix loaded into an index, then the index drifts: documents deleted,
 * changed and added by hand. The reconcile, reading the objects as the load does (a customer
 * restated in a later object counts as the load leaves it), reports exactly that drift; what is
 * put right in the index while it runs (two deleted customers and one changed written back, one
 * added removed, after its reading of the index) is not counted. {@code --repair} makes the index
 * equal to the objects again, and a run after it finds no difference.
 */
@ExtendWith(LocalStackExtension.class)
class ReconcileObjectsIT {

    private static final int ROWS = 300;

    @Test
    void theReconcileOfCsvObjectsReportsExactlyTheDriftAndRepairsIt(LocalStack stack) throws Exception {
        String bucket = Workers.unique("customers");
        String index = Workers.unique("customers");
        Figures figures = new Figures("reconcile-objects");
        stack.s3Endpoint();
        Map<String, String> settings = new HashMap<>(stack.workerSettings());
        settings.put("OPENSEARCH_INDEX", index);
        settings.put("MAPPING_ID_POINTER", "/id");
        settings.put("MAPPING_CSV_TYPES", "id:number,amount:number");
        settings.put("DEADLETTER_URI", "file:" + stack.workDir().resolve("dead-letters").resolve(index));
        settings.put("LOAD_SOURCE", "s3://" + bucket + "/customers/");
        settings.put("LOAD_PROGRESS_FILE", stack.workDir().resolve(index + "-progress.txt").toString());
        settings.put("RECONCILE_SOURCE", "s3://" + bucket + "/customers/");
        settings.put("RECONCILE_SETTLE_TIME", "1s");
        settings.put("RECONCILE_WORK_DIR", stack.workDir().resolve("reconcile").toString());
        try (S3Client s3 = stack.s3()) {
            s3.createBucket(create -> create.bucket(bucket));
            put(s3, bucket, "customers/part-1.csv", csv(0, ROWS, "").getBytes(StandardCharsets.UTF_8));
            put(s3, bucket, "customers/part-2.csv.gz", Gzip.compress(csv(ROWS, ROWS, "")));
            // Customer 7 restated at the end of the last object: the load leaves this row in the index.
            put(s3, bucket, "customers/part-3.csv", csv(2 * ROWS, ROWS, "7,customer 7 moved,999.5\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        S3Load.Summary load = S3Load.load(Settings.of(settings), new PrintStream(new ByteArrayOutputStream()), false);
        assertThat(load.documents()).isEqualTo(3 * ROWS + 1);
        Map<String, JsonNode> loaded = sources(stack, index);
        assertThat(loaded).hasSize(3 * ROWS);
        assertThat(loaded.get("7").path("amount").decimalValue()).isEqualByComparingTo("999.5");

        // Drift by hand: 6 deleted, 4 changed, 3 added.
        List<String> deleted = List.of("3", "150", "301", "302", "640", "899");
        List<String> changed = List.of("10", "420", "555", "7");
        List<String> added = List.of("5000", "5001", "5002");
        for (String id : deleted) {
            stack.openSearch().delete(request -> request.index(index).id(id));
        }
        for (String id : changed) {
            ObjectNode document = loaded.get(id).deepCopy();
            document.put("amount", 1.25);
            stack.openSearch().index(request -> request.index(index).id(id).document(document));
        }
        for (String id : added) {
            ObjectNode document = loaded.get("1").deepCopy();
            document.put("id", Integer.parseInt(id));
            stack.openSearch().index(request -> request.index(index).id(id).document(document));
        }
        stack.openSearch().indices().refresh(refresh -> refresh.index(index));

        // Put right while the reconcile runs, after it read the index: not drift when it looks again.
        Reconcile.Observer putRightDuringTheRun = new Reconcile.Observer() {
            @Override
            public void indexRead() throws IOException {
                for (String id : List.of("3", "150", "10")) {
                    stack.openSearch().index(request -> request.index(index).id(id).document(loaded.get(id)));
                }
                stack.openSearch().delete(request -> request.index(index).id("5000"));
            }
        };
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        ReconcileReport report = Reconcile.run(Settings.of(settings), false,
                new PrintStream(progress, true, StandardCharsets.UTF_8), false, putRightDuringTheRun);
        System.out.print(progress.toString(StandardCharsets.UTF_8));
        System.out.println(report.text());
        assertThat(report.sourceItems()).as("rows, the restated one too").isEqualTo(3 * ROWS + 1);
        assertThat(report.documents()).isEqualTo(3 * ROWS - 6 + 3);
        assertThat(report.first(Verdict.MISSING)).containsExactly("301", "302", "640", "899");
        assertThat(report.first(Verdict.STALE)).containsExactly("420", "555", "7");
        assertThat(report.first(Verdict.EXTRA)).containsExactly("5001", "5002");
        assertThat(report.count(Verdict.MISSING) + report.count(Verdict.STALE) + report.count(Verdict.EXTRA)).isEqualTo(9);
        assertThat(report.settled()).as("put right during the run").isEqualTo(4);
        // Matching: the customers neither missing nor stale, and the extra 5000, gone when read again.
        assertThat(report.count(Verdict.MATCHING)).isEqualTo(3 * ROWS - 4 - 3 + 1);
        assertThat(report.changing()).isZero();

        ReconcileReport repair = Reconcile.run(Settings.of(settings), true, new PrintStream(new ByteArrayOutputStream()),
                false);
        System.out.println(repair.text());
        assertThat(repair.repairs().written()).as("4 missing, 3 stale").isEqualTo(7);
        assertThat(repair.repairs().deleted()).isEqualTo(2);
        assertThat(sources(stack, index)).as("the index as loaded").isEqualTo(loaded);

        ReconcileReport after = Reconcile.run(Settings.of(settings), false, new PrintStream(new ByteArrayOutputStream()),
                false);
        System.out.println(after.text());
        assertThat(after.equal()).isTrue();
        assertThat(after.count(Verdict.MATCHING)).isEqualTo(3 * ROWS);
        assertThat(after.settled()).isZero();
        figures.put("rows", report.sourceItems()).put("missing", report.count(Verdict.MISSING))
                .put("stale", report.count(Verdict.STALE)).put("extra", report.count(Verdict.EXTRA))
                .put("settled", report.settled()).put("reconcile_ms", report.took().toMillis())
                .put("repair_written", repair.repairs().written()).put("repair_deleted", repair.repairs().deleted())
                .put("after_equal", after.equal()).print();
    }

    private static Map<String, JsonNode> sources(LocalStack stack, String index) {
        Map<String, JsonNode> sources = new TreeMap<>();
        for (Documents.Stored stored : Documents.all(stack.openSearch(), index)) {
            sources.put(stored.id(), stored.source());
        }
        return sources;
    }

    private static String csv(int first, int count, String tail) {
        StringBuilder csv = new StringBuilder("id,name,amount\n");
        for (int id = first; id < first + count; id++) {
            csv.append(id).append(",customer ").append(id).append(',').append(id % 100).append(".5\n");
        }
        return csv.append(tail).toString();
    }

    private static void put(S3Client s3, String bucket, String key, byte[] data) {
        s3.putObject(put -> put.bucket(bucket).key(key), RequestBody.fromBytes(data));
    }
}
