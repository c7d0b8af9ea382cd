package io.kinesisopensearch.localstack.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.consumer.ConsumerWorker;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.StreamProducer;
import io.kinesisopensearch.localstack.testing.Figures;
import io.kinesisopensearch.localstack.testing.Ledgers;
import io.kinesisopensearch.localstack.testing.Orders;
import io.kinesisopensearch.localstack.testing.Workers;
import io.kinesisopensearch.sink.batch.Ledger;
import io.kinesisopensearch.sink.bulk.WriteCounters;
import io.kinesisopensearch.sink.deadletter.DeadLetter;
import io.kinesisopensearch.sink.deadletter.DeadLetterSink;
import io.kinesisopensearch.sink.deadletter.LocalDirectoryDeadLetterSink;
import io.kinesisopensearch.sink.deadletter.S3DeadLetterSink;
import io.kinesisopensearch.sink.replay.DeadLetterReplay;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One record in a hundred is poison: half are not JSON at all, half carry a field the index's strict
 * mapping refuses. Each goes to the dead-letter destination with its reason while everything else is
 * indexed and every shard is checkpointed to its end; once the index mapping is fixed, replaying the
 * dead letters indexes the refused ones, and the malformed ones are dead again, still with their reason.
 */
@ExtendWith(LocalStackExtension.class)
class PoisonRecordsIT {

    @Test
    void poisonRecordsGoToADeadLetterDirectoryAndAreReplayedAfterTheFix(LocalStack stack) throws Exception {
        Path directory = stack.workDir().resolve(Workers.unique("dead-letters"));
        Run run = new Run(stack, 4_000, "file:" + directory);

        run.consume(new Figures("poison-records"));

        run.checkDeadLetters(new LocalDirectoryDeadLetterSink(directory));
        run.fixMappingAndReplay(new LocalDirectoryDeadLetterSink(Path.of(directory + "-failed-again")));
    }

    @Test
    void deadLettersCanGoToS3(LocalStack stack) throws Exception {
        stack.s3Endpoint();
        String bucket = Workers.unique("dead-letters");
        try (S3Client s3 = stack.s3()) {
            s3.createBucket(create -> create.bucket(bucket));
            Run run = new Run(stack, 1_000, "s3://" + bucket + "/orders/");

            run.consume(new Figures("poison-records-s3"));

            run.checkDeadLetters(new S3DeadLetterSink(s3, bucket, "orders/"));
            run.fixMappingAndReplay(new S3DeadLetterSink(s3, bucket, "orders-failed-again/"));
        }
    }

    /** One run: a stream of orders with poison in it, a strict index, and a worker dead-lettering to {@code uri}. */
    private static final class Run {
        private final LocalStack stack;
        private final int orders;
        private final String index = Workers.unique("poison");
        private final Map<String, String> settings;
        private final StreamProducer producer;
        private final List<Integer> malformed = new ArrayList<>();
        private final List<Integer> refused = new ArrayList<>();

        Run(LocalStack stack, int orders, String deadLetterUri) throws IOException {
            this.stack = stack;
            this.orders = orders;
            String stream = index;
            Orders.createStrictIndex(stack.openSearch(), index);
            stack.createStream(stream, 2);
            stack.leaseTable(stream).prepareWithLeases(stream);
            settings = new HashMap<>(Workers.settings(stack, stream, stream, index));
            settings.put("DEADLETTER_URI", deadLetterUri);
            producer = new StreamProducer(stack.kinesis(), stream);
        }

        void consume(Figures figures) throws Exception {
            List<StreamProducer.Entry> entries = new ArrayList<>();
            for (int number = 0; number < orders; number++) {
                String json = Orders.json(number);
                if (number % 200 == 0) {
                    malformed.add(number);
                    json = json.substring(0, json.length() / 2);
                } else if (number % 200 == 100) {
                    refused.add(number);
                    json = json.replace("}", ",\"coupon\":\"SAVE10\"}");
                }
                entries.add(Orders.entry(number, json));
            }
            producer.put(entries);
            int expected = orders - malformed.size() - refused.size();

            ConsumerWorker worker = Workers.start(settings);
            await().atMost(Duration.ofMinutes(3)).until(() -> stack.searchableDocuments(index) == expected);
            Map<String, String> last = producer.lastSequenceNumbers();
            await().atMost(Duration.ofMinutes(1)).until(() -> stack.leaseTable(index).checkpoints().equals(last));
            Ledger.Account records = Ledgers.assertBalancedThroughShutdown(worker);
            WriteCounters.Snapshot stats = worker.stats().snapshot();

            assertThat(stats.deadLetters()).isEqualTo(malformed.size() + refused.size());
            assertThat(records.deadLettered()).as("records dead-lettered").isEqualTo(malformed.size() + refused.size());
            assertThat(records.acknowledged()).isGreaterThanOrEqualTo(expected);
            assertThat(stats.mappingErrors()).isEqualTo(malformed.size());
            figures.put("produced", producer.produced())
                    .put("indexed", stack.searchableDocuments(index))
                    .put("deadLetters", stats.deadLetters())
                    .put("malformed", malformed.size())
                    .put("refusedByOpenSearch", refused.size())
                    .put("checkpointsAtEnd", stack.leaseTable(index).checkpoints().equals(last))
                    .put("retries", stats.retries())
                    .put("ledger", '"' + records.toString() + '"')
                    .print();
        }

        void checkDeadLetters(DeadLetterSink sink) throws IOException {
            List<DeadLetter> letters = sink.readAll().stream().flatMap(file -> file.letters().stream()).toList();

            assertThat(letters).hasSize(malformed.size() + refused.size());
            assertThat(letters).filteredOn(letter -> letter.reason().startsWith("bad JSON at offset"))
                    .extracting(letter -> letter.coordinates().partitionKey())
                    .containsExactlyInAnyOrderElementsOf(malformed.stream().map(Orders::id).toList());
            assertThat(letters).filteredOn(letter -> letter.reason().contains("strict_dynamic_mapping_exception"))
                    .extracting(letter -> letter.coordinates().partitionKey())
                    .containsExactlyInAnyOrderElementsOf(refused.stream().map(Orders::id).toList());
            for (DeadLetter letter : letters) {
                assertThat(letter.coordinates().stream()).isEqualTo(index);
                assertThat(letter.coordinates().shardId()).startsWith("shardId-");
                assertThat(letter.coordinates().sequenceNumber()).isNotBlank();
                int number = Integer.parseInt(letter.coordinates().partitionKey().substring("order-".length()));
                assertThat(new String(letter.record().data(), StandardCharsets.UTF_8)).as("the original record")
                        .startsWith(Orders.json(number).substring(0, Orders.json(number).length() / 2));
            }
        }

        void fixMappingAndReplay(DeadLetterSink failedAgain) throws Exception {
            stack.openSearch().indices().putMapping(mapping -> mapping.index(index)
                    .properties("coupon", property -> property.keyword(keyword -> keyword)));

            DeadLetterReplay.Summary summary = DeadLetterReplay.replay(Settings.of(settings));

            assertThat(summary.letters()).isEqualTo(malformed.size() + refused.size());
            assertThat(summary.indexed()).isEqualTo(refused.size());
            assertThat(summary.failedAgain()).isEqualTo(malformed.size());
            assertThat(stack.searchableDocuments(index)).isEqualTo(orders - malformed.size());
            assertThat(failedAgain.readAll()).flatMap(DeadLetterSink.StoredLetters::letters)
                    .hasSize(malformed.size())
                    .allSatisfy(letter -> assertThat(letter.reason()).startsWith("bad JSON at offset"));
        }
    }
}
