package io.kinesisopensearch.localstack.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.consumer.ConsumerConfig;
import io.kinesisopensearch.consumer.ConsumerWorker;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.StreamProducer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;

/**
 * The README's run command: starts the local stack, a worker and a small sample producer, waits
 * until every event is searchable, and prints what was indexed, a fuzzy search with highlights
 * included.
 */
public final class LocalDemo {

    private static final int EVENTS = 1_000;
    private static final String[] SERVICES = {"checkout", "payments", "search", "shipping"};
    private static final String[] MESSAGES = {
        "Payment declined for order %d",
        "Order %d shipped to customer",
        "Search for running shoes returned %d results",
        "Inventory reserved for order %d",
    };

    private LocalDemo() {
    }

    public static void main(String[] args) throws Exception {
        String stream = "demo-events";
        String index = "demo-events";
        try (LocalStack stack = LocalStack.start()) {
            print("Local stack: Kinesis %s, DynamoDB %s, OpenSearch %s", stack.kinesisEndpoint(),
                    stack.dynamoDbEndpoint(), stack.openSearchEndpoint());
            stack.createStream(stream, 2);
            stack.leaseTable("demo-indexer").prepare();

            Map<String, String> settings = new HashMap<>(stack.workerSettings());
            settings.putAll(LocalStack.FAST_KCL);
            settings.put("kinesis.stream", stream);
            settings.put("kinesis.application-name", "demo-indexer");
            settings.put("opensearch.index", index);
            settings.put("mapping.id-pointer", "/eventId");
            settings.put("deadletter.uri", "file:" + stack.workDir().resolve("demo-dead-letters"));
            // A free port, so that the demo runs beside anything holding the default.
            settings.put("metrics.port", "0");
            ConsumerWorker worker = ConsumerWorker.start(ConsumerConfig.from(Settings.of(settings)));
            try {
                print("Worker %s started (metrics: http://localhost:%d/metrics); putting %d events into stream %s",
                        worker.workerId(), worker.metricsPort().orElse(0), EVENTS, stream);
                new StreamProducer(stack.kinesis(), stream).put(events());
                awaitIndexed(stack, index);
                showResults(stack, index);
            } finally {
                worker.shutdown(Duration.ofSeconds(30));
            }
        }
        print("Done: the local stack is stopped.");
        // KCL 3.5.1's LeaseAssignmentManager keeps a static, non-daemon thread pool that is never shut
        // down, so the JVM would not end by itself.
        System.exit(0);
    }

    private static List<StreamProducer.Entry> events() {
        List<StreamProducer.Entry> events = new ArrayList<>(EVENTS);
        Instant start = Instant.parse("2026-11-21T09:00:00Z");
        for (int i = 0; i < EVENTS; i++) {
            String id = String.format("evt-%04d", i);
            String json = String.format(
                    "{\"eventId\":\"%s\",\"service\":\"%s\",\"level\":\"%s\",\"message\":\"%s\",\"@timestamp\":\"%s\"}",
                    id, SERVICES[i % SERVICES.length], i % 7 == 0 ? "ERROR" : "INFO",
                    String.format(MESSAGES[i % MESSAGES.length], 1000 + i), start.plusSeconds(i));
            events.add(new StreamProducer.Entry(id, json.getBytes(StandardCharsets.UTF_8)));
        }
        return events;
    }

    private static void awaitIndexed(LocalStack stack, String index) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        long indexed = -1;
        while (indexed < EVENTS) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Only " + indexed + " of " + EVENTS + " events were indexed in"
                        + " 3 minutes; see the logs in " + stack.workDir());
            }
            Thread.sleep(1_000);
            long now = stack.searchableDocuments(index);
            if (now != indexed) {
                print("Indexed %d of %d events", now, EVENTS);
                indexed = now;
            }
        }
    }

    private static void showResults(LocalStack stack, String index) throws IOException {
        print("%nThree documents of index %s:", index);
        SearchResponse<JsonNode> some = stack.openSearch().search(search -> search.index(index).size(3)
                .sort(sort -> sort.field(field -> field.field("@timestamp"))), JsonNode.class);
        for (Hit<JsonNode> hit : some.hits().hits()) {
            print("  %s %s", hit.id(), hit.source());
        }
        String typo = "paymnt declnied";
        print("%nFuzzy search for \"%s\" (note the typos), best three of %s:", typo, "the matches");
        SearchResponse<JsonNode> fuzzy = stack.openSearch().search(search -> search.index(index).size(3)
                .query(query -> query.multiMatch(match -> match.query(typo).fields("message").fuzziness("AUTO")))
                .highlight(highlight -> highlight.fields("message", field -> field)), JsonNode.class);
        print("  %d matching documents", fuzzy.hits().total().value());
        for (Hit<JsonNode> hit : fuzzy.hits().hits()) {
            print("  %s score %.2f: %s", hit.id(), hit.score(), hit.highlight().get("message"));
        }
    }

    private static void print(String format, Object... arguments) {
        System.out.printf(format + "%n", arguments);
    }
}
