package io.kinesisopensearch.localstack.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.decode.Gzip;
import io.kinesisopensearch.loader.S3Load;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.testing.Documents;
import io.kinesisopensearch.localstack.testing.Figures;
import io.kinesisopensearch.localstack.testing.Workers;
import io.kinesisopensearch.sink.batch.Ledger;
import io.kinesisopensearch.sink.deadletter.DeadLetter;
import io.kinesisopensearch.sink.deadletter.DeadLetterSink;
import io.kinesisopensearch.sink.deadletter.LocalDirectoryDeadLetterSink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An initial load from S3: a few thousand CSV rows with a header in several objects, some gzipped,
 * an NDJSON object and a few rows that do not map. The load shows its progress, the index holds
 * exactly the good rows and the dead letters name the object and line of each bad one. Run again it
 * skips every object and writes nothing; with one object added, it loads only that one.
 */
@ExtendWith(LocalStackExtension.class)
class S3LoadIT {

    private static final int ROWS = 1_000;

    @Test
    void aLoadShowsProgressIndexesTheGoodRowsAndARerunLoadsNothingTwice(LocalStack stack) throws Exception {
        String bucket = Workers.unique("loads");
        String index = Workers.unique("customers");
        Path deadLetters = stack.workDir().resolve("dead-letters").resolve(index);
        Figures figures = new Figures("s3-load");
        stack.s3Endpoint();
        Map<String, String> settings = new HashMap<>(stack.workerSettings());
        settings.put("OPENSEARCH_INDEX", index);
        settings.put("MAPPING_CSV_TYPES", "id:number,amount:number");
        settings.put("DEADLETTER_URI", "file:" + deadLetters);
        settings.put("LOAD_SOURCE", "s3://" + bucket + "/customers/");
        settings.put("LOAD_PROGRESS_FILE", stack.workDir().resolve(index + "-progress.txt").toString());
        settings.put("LOAD_PROGRESS_INTERVAL", "1s");
        try (S3Client s3 = stack.s3()) {
            s3.createBucket(create -> create.bucket(bucket));
            // Three CSV objects, two of them gzipped (one without .gz in its name: the magic bytes tell).
            put(s3, bucket, "customers/part-1.csv", csv(0, ROWS, 17, -1).getBytes(StandardCharsets.UTF_8));
            put(s3, bucket, "customers/part-2.csv.gz", Gzip.compress(csv(ROWS, ROWS, -1, 250)));
            put(s3, bucket, "customers/part-3.csv", Gzip.compress(csv(2 * ROWS, ROWS, -1, -1)));
            StringBuilder ndjson = new StringBuilder();
            for (int i = 0; i < 500; i++) {
                ndjson.append(i == 99 ? "{\"id\": 3099, \"name\": broken json" : json(3_000 + i)).append('\n');
            }
            put(s3, bucket, "customers/more.ndjson", ndjson.toString().getBytes(StandardCharsets.UTF_8));
            put(s3, bucket, "customers/_SUCCESS", new byte[0]);
            int good = 3 * ROWS + 500 - 3;

            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            long started = System.nanoTime();
            S3Load.Summary first = S3Load.load(Settings.of(settings), new PrintStream(progress, true, StandardCharsets.UTF_8),
                    false);
            long loadMillis = (System.nanoTime() - started) / 1_000_000;
            String printed = progress.toString(StandardCharsets.UTF_8);
            System.out.print(printed);
            assertThat(first.objects()).as("data objects; _SUCCESS is none").isEqualTo(4);
            assertThat(first.loaded()).isEqualTo(4);
            assertThat(first.rows()).isEqualTo(3 * ROWS + 500);
            assertThat(first.documents()).isEqualTo(good);
            assertThat(first.deadLetters()).isEqualTo(3);
            assertThat(first.records()).as("each row's one outcome")
                    .isEqualTo(new Ledger.Account(3 * ROWS + 500, good, 0, 0, 3, 0, 0));
            assertThat(printed).contains("S3 load: 4/4 objects (0 skipped as loaded), " + good + " documents (0 stale), "
                    + "3 dead letters").contains("MB/s");
            assertThat(printed.lines().count()).as("progress lines").isGreaterThanOrEqualTo(1);
            List<Documents.Stored> documents = Documents.all(stack.openSearch(), index);
            assertThat(documents).hasSize(good);
            assertThat(documents).allSatisfy(document -> assertThat(document.version()).isEqualTo(1));
            assertThat(documents.stream().map(document -> document.source().path("id").asInt()).collect(Collectors.toSet()))
                    .hasSize(good).doesNotContain(17, 1_250, 3_099);
            assertThat(documents).extracting(Documents.Stored::id).contains("s3://" + bucket + ":customers/part-1.csv:2:0#0");

            // Each bad row is a dead letter named by its object and line (the header is line 1).
            List<DeadLetter> letters;
            try (DeadLetterSink sink = new LocalDirectoryDeadLetterSink(deadLetters)) {
                letters = sink.readAll().stream().flatMap(file -> file.letters().stream()).toList();
            }
            assertThat(letters).extracting(letter -> letter.coordinates().shardId() + ":" + letter.coordinates().sequenceNumber())
                    .containsExactlyInAnyOrder("customers/part-1.csv:19", "customers/part-2.csv.gz:252",
                            "customers/more.ndjson:100");
            assertThat(letters).filteredOn(letter -> letter.coordinates().shardId().equals("customers/part-2.csv.gz"))
                    .singleElement().satisfies(letter -> assertThat(letter.reason()).contains("amount"));

            // Run again: every object is recorded as loaded, nothing is read or written.
            S3Load.Summary again = S3Load.load(Settings.of(settings), new PrintStream(new ByteArrayOutputStream()), false);
            assertThat(again.skipped()).isEqualTo(4);
            assertThat(again.loaded()).isZero();
            assertThat(again.rows() + again.documents() + again.deadLetters()).isZero();
            assertThat(Documents.all(stack.openSearch(), index)).hasSize(good)
                    .allSatisfy(document -> assertThat(document.version()).as("written once").isEqualTo(1));

            // One object more: only it is loaded.
            put(s3, bucket, "customers/part-4.csv", csv(4_000, 200, -1, -1).getBytes(StandardCharsets.UTF_8));
            S3Load.Summary added = S3Load.load(Settings.of(settings), new PrintStream(new ByteArrayOutputStream()), false);
            assertThat(added.loaded()).isEqualTo(1);
            assertThat(added.skipped()).isEqualTo(4);
            assertThat(added.documents()).isEqualTo(200);
            assertThat(Documents.all(stack.openSearch(), index)).hasSize(good + 200)
                    .allSatisfy(document -> assertThat(document.version()).isEqualTo(1));

            // A crash before part-3 was recorded (its line cut from the progress file), and part-4 replaced
            // with new amounts (a new ETag): both are loaded again, onto the same documents.
            Path progressFile = Path.of(settings.get("LOAD_PROGRESS_FILE"));
            Files.write(progressFile, Files.readAllLines(progressFile).stream()
                    .filter(line -> !line.endsWith("/customers/part-3.csv")).toList());
            put(s3, bucket, "customers/part-4.csv", csv(4_000, 200, -1, -1).replace(".5\n", ".75\n")
                    .getBytes(StandardCharsets.UTF_8));
            S3Load.Summary recovered = S3Load.load(Settings.of(settings), new PrintStream(new ByteArrayOutputStream()),
                    false);
            assertThat(recovered.loaded()).isEqualTo(2);
            assertThat(recovered.skipped()).isEqualTo(3);
            assertThat(recovered.documents()).isEqualTo(ROWS + 200);
            assertThat(recovered.records().balanced()).as("%s", recovered.records()).isTrue();
            assertThat(recovered.records().acknowledged()).isEqualTo(ROWS + 200);
            List<Documents.Stored> after = Documents.all(stack.openSearch(), index);
            assertThat(after).as("no document added").hasSize(good + 200);
            assertThat(after).filteredOn(document -> document.version() == 2).hasSize(ROWS + 200);
            assertThat(after).filteredOn(document -> document.source().path("id").asInt() >= 4_000)
                    .allSatisfy(document -> assertThat(document.source().path("amount").decimalValue().toPlainString())
                            .endsWith(".75"));
            figures.put("objects", first.objects()).put("rows", first.rows()).put("documents", first.documents())
                    .put("dead_letters", first.deadLetters())
                    .put("load_ms", loadMillis).put("documents_per_s", first.documents() * 1_000 / Math.max(1, loadMillis))
                    .put("rerun_skipped", again.skipped()).put("rerun_documents", again.documents())
                    .put("added_loaded", added.loaded()).put("added_documents", added.documents())
                    .put("after_crash_and_change_loaded", recovered.loaded())
                    .put("after_crash_and_change_documents", recovered.documents())
                    .put("progress", '"' + first.progress() + '"')
                    .put("ledger", '"' + first.records().toString() + '"')
                    .print();
        }
    }

    /** {@code count} rows from {@code first}, a header first; row {@code shortRow} lacks a column, {@code badAmount} has no number. */
    private static String csv(int first, int count, int shortRow, int badAmount) {
        StringBuilder text = new StringBuilder("id,name,amount\n");
        for (int id = first; id < first + count; id++) {
            if (id - first == shortRow) {
                text.append(id).append(",\"only, a name\"\n");
            } else {
                text.append(id).append(",\"customer ").append(id).append("\",")
                        .append(id - first == badAmount ? "lots" : id % 100 + ".5").append('\n');
            }
        }
        return text.toString();
    }

    private static String json(int id) {
        return "{\"id\": " + id + ", \"name\": \"customer " + id + "\", \"amount\": " + id % 100 + ".5}";
    }

    private static void put(S3Client s3, String bucket, String key, byte[] data) {
        s3.putObject(put -> put.bucket(bucket).key(key), RequestBody.fromBytes(data));
    }
}
