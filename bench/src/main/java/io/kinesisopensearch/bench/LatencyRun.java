package io.kinesisopensearch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.consumer.ConsumerConfig;
import io.kinesisopensearch.consumer.ConsumerWorker;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.StreamProducer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Put-to-searchable latency with the worker's default settings: a producer puts {@code rate}
 * records a second (a PutRecords call every 100 ms) for {@code seconds}, while a poller searches the
 * index every 50 ms, without forcing a refresh, for the documents not seen yet. A document's latency
 * is from the start of the PutRecords call that carried it to the first search that found it (so up
 * to 50 ms late).
 */
final class LatencyRun {

    /** The figures: how many records, and the latency percentiles in milliseconds. */
    record Result(int records, int rate, long p50, long p99, long max, long workerStartMillis) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration TICK = Duration.ofMillis(100);

    private LatencyRun() {
    }

    static Result run(LocalStack stack, BenchIndex indexes, Map<String, String> defaults, int rate, int seconds,
            long seed) throws Exception {
        String stream = "bench-latency-" + seed;
        String index = "bench-latency";
        stack.createStream(stream, 4);
        indexes.recreate(index);
        Map<String, String> settings = new HashMap<>(defaults);
        settings.put("KINESIS_STREAM", stream);
        settings.put("KINESIS_APPLICATION_NAME", stream);
        settings.put("OPENSEARCH_INDEX", index);
        int total = rate * seconds;
        List<BenchDocuments.Doc> docs = BenchDocuments.generate(total + 1, seed + 1);
        StreamProducer producer = new StreamProducer(stack.kinesis(), stream);
        long[] putAt = new long[total + 1];
        long[] seenAt = new long[total + 1];
        Arrays.fill(seenAt, -1);
        HttpClient http = HttpClient.newHttpClient();
        long begin = System.nanoTime();
        try (ConsumerWorker worker = ConsumerWorker.start(ConsumerConfig.from(Settings.of(settings)))) {
            // The first record waits out KCL's start-up; the timed records start once it is searchable.
            putAt[0] = System.nanoTime();
            producer.put(List.of(new StreamProducer.Entry(docs.get(0).id(), docs.get(0).json())));
            long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
            while (seenAt[0] < 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the worker indexed nothing within 8 minutes");
                }
                poll(http, stack.openSearchEndpoint(), index, seenAt, 0);
                Thread.sleep(POLL.toMillis());
            }
            long workerStart = (seenAt[0] - begin) / 1_000_000;
            Thread poller = new Thread(() -> {
                int lowest = 1;
                while (lowest <= total && !Thread.currentThread().isInterrupted()) {
                    try {
                        poll(http, stack.openSearchEndpoint(), index, seenAt, lowest);
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
                producer.put(docs.subList(from, to + 1).stream()
                        .map(doc -> new StreamProducer.Entry(doc.id(), doc.json())).toList());
            }
            poller.join(Duration.ofMinutes(2).toMillis());
            poller.interrupt();
            long[] latencies = new long[total];
            for (int i = 1; i <= total; i++) {
                if (seenAt[i] < 0) {
                    throw new IllegalStateException("record " + i + " of " + total + " not searchable 2 minutes after the last put");
                }
                latencies[i - 1] = (seenAt[i] - putAt[i]) / 1_000_000;
            }
            Arrays.sort(latencies);
            return new Result(total, rate, percentile(latencies, 50), percentile(latencies, 99), latencies[total - 1], workerStart);
        } finally {
            indexes.delete(index);
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
