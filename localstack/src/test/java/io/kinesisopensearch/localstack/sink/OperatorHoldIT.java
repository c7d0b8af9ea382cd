package io.kinesisopensearch.localstack.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kinesisopensearch.consumer.ConsumerWorker;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.RefusingProxy;
import io.kinesisopensearch.localstack.StreamProducer;
import io.kinesisopensearch.localstack.testing.BackgroundProducer;
import io.kinesisopensearch.localstack.testing.Documents;
import io.kinesisopensearch.localstack.testing.Figures;
import io.kinesisopensearch.localstack.testing.Ledgers;
import io.kinesisopensearch.localstack.testing.Orders;
import io.kinesisopensearch.localstack.testing.Workers;
import io.kinesisopensearch.sink.batch.Ledger;
import io.kinesisopensearch.sink.bulk.WriteCounters;
import io.kinesisopensearch.sink.deadletter.DeadLetter;
import io.kinesisopensearch.sink.deadletter.LocalDirectoryDeadLetterSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

/**
 * OpenSearch refuses writes for a while for a reason an operator has to fix: a write block on the
 * index, the index closed, wrong credentials. Orders keep coming. The worker holds its batches and
 * retries, dead-letters nothing for it, and once the operator has fixed it every order is indexed
 * once; a poison order sent during the hold still goes to the dead letters, with its reason.
 */
@ExtendWith(LocalStackExtension.class)
class OperatorHoldIT {

    private static final int ORDERS = 1_500;
    private static final int POISON = 3;

    @Test
    void aWriteBlockOnTheIndexHoldsTheShardsUntilItIsLifted(LocalStack stack) throws Exception {
        Run run = new Run(stack, "blocked", stack.openSearchEndpoint());

        run.throughFault(new Figures("write-block-hold"), Duration.ofSeconds(12),
                () -> putSettings(stack.openSearch(), run.index, "{\"index.blocks.write\":true}"),
                () -> { },
                () -> putSettings(stack.openSearch(), run.index, "{\"index.blocks.write\":false}"));
    }

    @Test
    void aClosedIndexHoldsTheShardsUntilItIsOpenedAgain(LocalStack stack) throws Exception {
        Run run = new Run(stack, "closed", stack.openSearchEndpoint());
        OpenSearchClient openSearch = stack.openSearch();

        run.throughFault(new Figures("closed-index-hold"), Duration.ofSeconds(10),
                () -> call(() -> openSearch.indices().close(close -> close.index(run.index))),
                () -> { },
                () -> call(() -> openSearch.indices().open(open -> open.index(run.index))));
    }

    @Test
    void wrongCredentialsHoldTheShardsUntilTheyAreRight(LocalStack stack) throws Exception {
        try (RefusingProxy proxy = RefusingProxy.start(stack.openSearchEndpoint())) {
            Run run = new Run(stack, "refused", proxy.endpoint());

            run.throughFault(new Figures("credentials-hold"), Duration.ofSeconds(10),
                    () -> proxy.refuse(RefusingProxy.Answer.UNAUTHORIZED),
                    () -> proxy.refuse(RefusingProxy.Answer.FORBIDDEN),
                    proxy::passThrough);

            assertThat(proxy.refused()).as("requests the proxy refused").isPositive();
        }
    }

    /** One run: a typed index, a stream of orders, and a worker writing through {@code openSearchUrl}. */
    private static final class Run {
        private final LocalStack stack;
        private final String index;
        private final Map<String, String> settings;
        private final StreamProducer producer;
        private final Path deadLetters;

        Run(LocalStack stack, String name, URI openSearchUrl) throws IOException {
            this.stack = stack;
            this.index = Workers.unique(name);
            stack.openSearch().indices().create(create -> create.index(index)
                    .settings(settings -> settings.numberOfShards(1).numberOfReplicas(0))
                    .mappings(mappings -> mappings
                            .properties("orderId", property -> property.keyword(keyword -> keyword))
                            .properties("amount", property -> property.double_(number -> number))
                            .properties("seq", property -> property.long_(number -> number))));
            stack.createStream(index, 2);
            stack.leaseTable(index).prepareWithLeases(index);
            settings = Workers.settings(stack, index, index, index);
            settings.put("OPENSEARCH_URL", openSearchUrl.toString());
            settings.put("BULK_RETRY_MAX_DELAY", "2s");
            deadLetters = stack.workDir().resolve("dead-letters").resolve(index);
            producer = new StreamProducer(stack.kinesis(), index);
        }

        /**
         * Orders flow; once some are indexed the fault begins, halfway through it the poison is sent
         * (and {@code halfway} runs), after {@code length} it is fixed; then everything must be in.
         */
        void throughFault(Figures figures, Duration length, Runnable begin, Runnable halfway, Runnable fix)
                throws Exception {
            ConsumerWorker worker = Workers.start(settings);
            CompletableFuture<Void> producing = BackgroundProducer.start(producer, Orders.range(0, ORDERS), 50, 500);
            await().atMost(Duration.ofMinutes(2)).until(() -> stack.searchableDocuments(index) >= 300);

            begin.run();
            long faultStarted = System.nanoTime();
            Thread.sleep(length.toMillis() / 2);
            halfway.run();
            producer.put(poison());
            Thread.sleep(length.toMillis() / 2);
            WriteCounters.Snapshot during = worker.stats().snapshot();
            fix.run();
            long faultSeconds = (System.nanoTime() - faultStarted) / 1_000_000_000;
            producing.join();

            await().atMost(Duration.ofMinutes(3)).until(() -> stack.searchableDocuments(index) == ORDERS);
            Map<String, String> last = producer.lastSequenceNumbers();
            await().atMost(Duration.ofMinutes(1)).until(() -> stack.leaseTable(index).checkpoints().equals(last));
            Ledger.Account records = Ledgers.assertBalancedThroughShutdown(worker);
            WriteCounters.Snapshot stats = worker.stats().snapshot();

            assertThat(during.holdActive()).as("holding when the fault is fixed").isEqualTo(1);
            assertThat(during.refusalsHeld()).isPositive();
            assertThat(during.deadLetters()).as("dead letters during the hold").isZero();
            assertThat(stats.holdActive()).isZero();
            assertThat(stats.heldMillis()).isPositive();
            List<Documents.Stored> documents = Documents.all(stack.openSearch(), index);
            assertThat(documents).hasSize(ORDERS).extracting(Documents.Stored::id).doesNotHaveDuplicates();
            assertThat(documents).as("each order written once").allSatisfy(document ->
                    assertThat(document.version()).isEqualTo(1));
            assertThat(stats.deadLetters()).isEqualTo(POISON);
            assertThat(records.deadLettered()).isEqualTo(POISON);
            assertThat(records.acknowledged()).isGreaterThanOrEqualTo(ORDERS);
            List<DeadLetter> letters = new LocalDirectoryDeadLetterSink(deadLetters).readAll().stream()
                    .flatMap(file -> file.letters().stream()).toList();
            assertThat(letters).extracting(letter -> letter.coordinates().partitionKey())
                    .containsExactlyInAnyOrder("poison-0", "poison-1", "poison-2");
            assertThat(letters).allSatisfy(letter -> assertThat(letter.reason()).contains("mapper_parsing_exception"));
            figures.put("produced", producer.produced())
                    .put("indexed", stack.searchableDocuments(index))
                    .put("faultSeconds", faultSeconds)
                    .put("heldSeconds", stats.heldMillis() / 1_000)
                    .put("holds", stats.holds())
                    .put("refusalsHeld", stats.refusalsHeld())
                    .put("retries", stats.retries())
                    .put("deadLetters", stats.deadLetters())
                    .put("ledger", '"' + records.toString() + '"')
                    .print();
        }

        /** Orders whose amount the index's mapping refuses: a document fault, whatever else is going on. */
        private static List<StreamProducer.Entry> poison() {
            List<StreamProducer.Entry> entries = new ArrayList<>();
            for (int i = 0; i < POISON; i++) {
                String json = "{\"orderId\":\"poison-" + i + "\",\"amount\":\"lots\",\"seq\":-1}";
                entries.add(new StreamProducer.Entry("poison-" + i, json.getBytes(StandardCharsets.UTF_8)));
            }
            return entries;
        }
    }

    private static void putSettings(OpenSearchClient openSearch, String index, String json) {
        call(() -> {
            try (Response response = openSearch.generic().execute(Requests.builder()
                    .method("PUT").endpoint("/" + index + "/_settings").json(json).build())) {
                assertThat(response.getStatus()).as("PUT %s/_settings %s", index, json).isEqualTo(200);
            }
            return null;
        });
    }

    private interface IoCall {
        Object run() throws Exception;
    }

    private static void call(IoCall call) {
        try {
            call.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
