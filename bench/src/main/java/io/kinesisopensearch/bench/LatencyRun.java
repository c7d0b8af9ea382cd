package io.kinesisopensearch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.consumer.ConsumerConfig;
import io.kinesisopensearch.consumer.ConsumerWorker;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.StreamProducer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Put-to-searchable latency: a producer puts {@code rate} records a second (a call every 100 ms) for
 * {@code seconds}, while a poller searches the index every 50 ms, without forcing a refresh, for the
 * documents not seen yet. A document's latency is from the start of the call that carried it to the
 * first search that found it (so up to 50 ms late).
 *
 * <p>The same load runs three ways, so that the figure splits into its parts: through the worker
 * with its default settings (enhanced fan-out), through the worker polling every 200 ms, and
 * straight into OpenSearch with one bulk request per call (what the index's refresh alone costs).
 * Through a worker it also times the delivery: when the worker's count of records received reached
 * each record's number (records are put in order, so the n-th record is handed over no later than
 * the count reaching n), sampled every 5 ms.
 */
final class LatencyRun {

    /**
     * The figures of one way: how many records, the latency percentiles in milliseconds, and those of
     * the delivery from put to the worker (-1 without a worker).
     */
    record Result(String way, int records, int rate, long p50, long p99, long max, long workerStartMillis,
            long deliveryP50, long deliveryP99) {
    }

    /** How the records travel: through a worker with these settings on top of the defaults, or straight to OpenSearch. */
    record Way(String name, Map<String, String> settings, boolean worker) {

        static final Way DEFAULTS = new Way("worker, default settings (enhanced fan-out)", Map.of(), true);
        static final Way POLLING = new Way("worker, polling every 200 ms",
                Map.of("KINESIS_RETRIEVAL", "POLLING", "KINESIS_POLLING_IDLE_TIME", "200ms"), true);
        static final Way OPENSEARCH_ALONE = new Way("OpenSearch alone (a bulk request per call, no stream)", Map.of(),
                false);
        static final List<Way> ALL = List.of(DEFAULTS, POLLING, OPENSEARCH_ALONE);
    }

    /** Where a call's records go. */
    @FunctionalInterface
    private interface Put {
        void put(List<BenchDocuments.Doc> docs) throws Exception;
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration TICK = Duration.ofMillis(100);
    private static final Duration DELIVERY_SAMPLE = Duration.ofMillis(5);

    private LatencyRun() {
    }

    static Result run(LocalStack stack, BenchIndex indexes, Map<String, String> defaults, Way way, int rate,
            int seconds, long seed) throws Exception {
        String stream = "bench-latency-" + seed + "-" + Math.abs(way.name().hashCode());
        String index = "bench-latency";
        indexes.recreate(index);
        int total = rate * seconds;
        List<BenchDocuments.Doc> docs = BenchDocuments.generate(total + 1, seed + 1);
        HttpClient http = HttpClient.newHttpClient();
        if (!way.worker()) {
            try {
                return measure(way, stack.openSearchEndpoint(), index, http, docs, rate, 0,
                        batch -> bulk(http, stack.openSearchEndpoint(), index, batch), null);
            } finally {
                indexes.delete(index);
            }
        }
        stack.createStream(stream, 4);
        Map<String, String> settings = new HashMap<>(defaults);
        settings.putAll(way.settings());
        settings.put("KINESIS_STREAM", stream);
        settings.put("KINESIS_APPLICATION_NAME", stream);
        settings.put("OPENSEARCH_INDEX", index);
        StreamProducer producer = new StreamProducer(stack.kinesis(), stream);
        Put put = batch -> producer.put(batch.stream().map(doc -> new StreamProducer.Entry(doc.id(), doc.json())).toList());
        long begin = System.nanoTime();
        try (ConsumerWorker worker = ConsumerWorker.start(ConsumerConfig.from(Settings.of(settings)))) {
            // The first record waits out KCL's start-up; the timed records start once it is searchable.
            long[] seenFirst = {-1};
            put.put(docs.subList(0, 1));
            long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
            while (seenFirst[0] < 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the worker indexed nothing within 8 minutes");
                }
                poll(http, stack.openSearchEndpoint(), index, seenFirst, 0);
                Thread.sleep(POLL.toMillis());
            }
            return measure(way, stack.openSearchEndpoint(), index, http, docs, rate, (seenFirst[0] - begin) / 1_000_000,
                    put, () -> worker.stats().snapshot().recordsReceived());
        } finally {
            indexes.delete(index);
        }
    }

    /**
     * Puts documents 1 to the end at {@code rate} a second and times each until a search finds it,
     * and, given the worker's count of records received (document 0 included), until it was handed over.
     */
    private static Result measure(Way way, URI openSearch, String index, HttpClient http,
            List<BenchDocuments.Doc> docs, int rate, long workerStart, Put put, LongSupplier received) throws Exception {
        int total = docs.size() - 1;
        long[] putAt = new long[total + 1];
        long[] seenAt = new long[total + 1];
        Arrays.fill(seenAt, -1);
        seenAt[0] = 0;
        long[] receivedAt = new long[total + 1];
        Arrays.fill(receivedAt, -1);
        Thread deliveries = new Thread(() -> {
            int next = 1;
            while (received != null && next <= total && !Thread.currentThread().isInterrupted()) {
                long count = received.getAsLong();
                long now = System.nanoTime();
                while (next <= total && count > next) {
                    receivedAt[next++] = now;
                }
                try {
                    Thread.sleep(DELIVERY_SAMPLE.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "latency-deliveries");
        deliveries.start();
        Thread poller = new Thread(() -> {
            int lowest = 1;
            while (lowest <= total && !Thread.currentThread().isInterrupted()) {
                try {
                    poll(http, openSearch, index, seenAt, lowest);
                    while (lowest <= total && seenAt[lowest] >= 0) {
                        lowest++;
                    }
                    Thread.sleep(POLL.toMillis());
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    // The next poll tries again.
                }
            }
        }, "latency-poller");
        poller.start();
        int perTick = Math.max(1, rate / 10);
        long next = System.nanoTime();
        for (int from = 1; from <= total; from += perTick) {
            long now = System.nanoTime();
            if (next > now) {
                Thread.sleep((next - now) / 1_000_000, (int) ((next - now) % 1_000_000));
            }
            next += TICK.toNanos();
            long putStart = System.nanoTime();
            int to = Math.min(total, from + perTick - 1);
            for (int i = from; i <= to; i++) {
                putAt[i] = putStart;
            }
            put.put(docs.subList(from, to + 1));
        }
        poller.join(Duration.ofMinutes(2).toMillis());
        poller.interrupt();
        deliveries.join(Duration.ofSeconds(5).toMillis());
        deliveries.interrupt();
        long[] latencies = new long[total];
        for (int i = 1; i <= total; i++) {
            if (seenAt[i] < 0) {
                throw new IllegalStateException(way.name() + ": record " + i + " of " + total
                        + " not searchable 2 minutes after the last put");
            }
            latencies[i - 1] = (seenAt[i] - putAt[i]) / 1_000_000;
        }
        Arrays.sort(latencies);
        long[] delivery = new long[total];
        for (int i = 1; i <= total; i++) {
            delivery[i - 1] = receivedAt[i] < 0 ? Long.MAX_VALUE : (receivedAt[i] - putAt[i]) / 1_000_000;
        }
        Arrays.sort(delivery);
        boolean timed = received != null && delivery[total - 1] != Long.MAX_VALUE;
        return new Result(way.name(), total, rate, percentile(latencies, 50), percentile(latencies, 99),
                latencies[total - 1], workerStart, timed ? percentile(delivery, 50) : -1,
                timed ? percentile(delivery, 99) : -1);
    }

    /** One bulk request of index actions with the documents' own ids, as the worker would send them. */
    private static void bulk(HttpClient http, URI openSearch, String index, List<BenchDocuments.Doc> docs)
            throws IOException, InterruptedException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (BenchDocuments.Doc doc : docs) {
            body.writeBytes(("{\"index\":{\"_index\":\"" + index + "\",\"_id\":\"" + doc.id() + "\"}}\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(doc.json());
            body.write('\n');
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(openSearch.resolve("/_bulk"))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || JSON.readTree(response.body()).path("errors").asBoolean()) {
            throw new IllegalStateException("bulk request refused: " + response.statusCode() + " " + response.body());
        }
    }

    static long percentile(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** Marks the documents from {@code lowest} on that a search finds now. */
    private static void poll(HttpClient http, URI openSearch, String index, long[] seenAt, int lowest)
            throws IOException, InterruptedException {
        String body = "{\"size\":5000,\"_source\":false,\"sort\":[\"_doc\"],\"query\":{\"range\":{\"id\":{\"gte\":\""
                + String.format("evt-%07d", lowest) + "\"}}}}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(openSearch.resolve("/" + index + "/_search"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        long now = System.nanoTime();
        if (response.statusCode() != 200) {
            return;
        }
        for (JsonNode hit : JSON.readTree(response.body()).path("hits").path("hits")) {
            int number = Integer.parseInt(hit.path("_id").asText().substring(4));
            if (number < seenAt.length && seenAt[number] < 0) {
                seenAt[number] = now;
            }
        }
    }
}
