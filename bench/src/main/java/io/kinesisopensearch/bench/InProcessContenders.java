package io.kinesisopensearch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.consumer.ConsumerConfig;
import io.kinesisopensearch.consumer.metrics.WorkerMetrics;
import io.kinesisopensearch.consumer.processor.OpenSearchRecordProcessorFactory;
import io.kinesisopensearch.consumer.testing.ProcessorDriver;
import io.kinesisopensearch.sink.OpenSearchSink;
import io.kinesisopensearch.sink.bulk.BulkConfig;
import io.kinesisopensearch.sink.bulk.WriteCounters;
import io.kinesisopensearch.sink.client.OpenSearchClients;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.kinesis.processor.ShardRecordProcessor;

/**
 * Contenders (a), (b) and (c), run in the harness's JVM after a warm-up, all on the worker's
 * OpenSearch client ({@link OpenSearchClients}, the worker's settings): the raw bulk loader, the
 * per-record indexer and the worker's processing path without Kinesis.
 */
final class InProcessContenders implements AutoCloseable {

    /** KCL's polling default hands a processor up to 10,000 records; a smaller delivery is closer to a busy stream. */
    private static final int DELIVERY = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(InProcessContenders.class);

    private final Map<String, String> workerSettings;
    private final int shards;
    private final OpenSearchClient client;
    private final BulkConfig bulk;
    private final ProcessorDriver driver = new ProcessorDriver();

    /** {@code workerSettings}: a worker's settings on the stack (stream, application and index are filled in here). */
    InProcessContenders(Map<String, String> workerSettings, int shards) {
        this.workerSettings = workerSettings;
        this.shards = shards;
        ConsumerConfig config = config("unused");
        this.client = OpenSearchClients.create(config.openSearch());
        this.bulk = config.bulk();
    }

    /** How many bulk requests run at once in (a): as many as the worker has shards flushing, within its limit. */
    int concurrency() {
        return Math.min(shards, bulk.maxConcurrency());
    }

    /**
     * (a) The ceiling: bulk bodies made before the clock starts (the worker's batch limits: actions
     * and bytes), sent by {@link #concurrency()} threads through the same client.
     */
    void rawBulk(String index, List<BenchDocuments.Doc> docs) throws Exception {
        List<byte[]> bodies = bulkBodies(index, docs);
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();
        ProcessorDriver.onThreads(concurrency(), () -> {
            for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                try (Response response = client.generic().execute(Requests.create("POST", "/_bulk", List.of(),
                        Map.of(), Body.from(bodies.get(i), "application/x-ndjson")))) {
                    String answer = response.getBody().map(Body::bodyAsString).orElse("");
                    if (response.getStatus() != 200 || !answer.startsWith("{\"took\"") || answer.contains("\"errors\":true")) {
                        throw new IllegalStateException("bulk refused: " + response.getStatus() + " "
                                + answer.substring(0, Math.min(500, answer.length())));
                    }
                }
            }
            return null;
        });
        LOG.debug("raw bulk: {} bodies in {} ms", bodies.size(), (System.nanoTime() - started) / 1_000_000);
    }

    /** (b) What the tutorials do: one index request per record, one at a time, the event bound as a Map. */
    @SuppressWarnings("unchecked")
    void perRecord(String index, List<BenchDocuments.Doc> docs) throws IOException {
        for (BenchDocuments.Doc doc : docs) {
            Map<String, Object> source = JSON.readValue(doc.json(), Map.class);
            client.index(request -> request.index(index).id(doc.id()).document(source));
        }
    }

    /**
     * (c) The worker's processing path: one {@link ShardRecordProcessor} per shard from the worker's
     * factory, each on its own thread as KCL runs them, handed the records (as Kinesis spreads them by
     * partition key) in deliveries, checkpointing on a checkpointer that does nothing; then the
     * graceful shutdown that flushes what is left.
     */
    void processors(String index, List<BenchDocuments.Doc> docs) throws Exception {
        ConsumerConfig config = config(index);
        OpenSearchSink sink = OpenSearchSink.builder().client(client).bulk(config.bulk())
                .deadLetters(config.deadLetters()).build();
        try (WorkerMetrics metrics = new WorkerMetrics(sink.counters())) {
            OpenSearchRecordProcessorFactory factory = OpenSearchRecordProcessorFactory.builder().sink(sink)
                    .stream("bench", config.streams().get(0).mapping()).pacing(config.pacing()).metrics(metrics).build();
            driver.run(factory, ProcessorDriver.spread(docs, BenchDocuments.Doc::id, BenchDocuments.Doc::json, shards),
                    DELIVERY);
        } finally {
            sink.close();
        }
        WriteCounters.Snapshot snapshot = sink.counters().snapshot();
        if (snapshot.deadLetters() > 0 || snapshot.mappingErrors() > 0) {
            throw new IllegalStateException("the processors refused records: " + snapshot);
        }
    }

    /** Checkpoint calls the no-op checkpointer took so far. */
    long checkpoints() {
        return driver.checkpoints();
    }

    /** A worker configuration for {@code index}, from the worker settings (defaults for everything else). */
    ConsumerConfig config(String index) {
        Map<String, String> settings = new HashMap<>(workerSettings);
        settings.put("KINESIS_STREAM", "bench");
        settings.put("KINESIS_APPLICATION_NAME", "bench");
        settings.put("OPENSEARCH_INDEX", index);
        return ConsumerConfig.from(Settings.of(settings));
    }

    private List<byte[]> bulkBodies(String index, List<BenchDocuments.Doc> docs) {
        List<byte[]> bodies = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int actions = 0;
        for (BenchDocuments.Doc doc : docs) {
            byte[] action = ("{\"index\":{\"_index\":\"" + index + "\",\"_id\":\"" + doc.id() + "\"}}\n")
                    .getBytes(StandardCharsets.UTF_8);
            if (actions > 0 && (actions >= bulk.maxActions() || body.size() + action.length + doc.json().length + 1 > bulk.maxBytes())) {
                bodies.add(body.toByteArray());
                body.reset();
                actions = 0;
            }
            body.writeBytes(action);
            body.writeBytes(doc.json());
            body.write('\n');
            actions++;
        }
        if (actions > 0) {
            bodies.add(body.toByteArray());
        }
        return bodies;
    }

    @Override
    public void close() throws IOException {
        client._transport().close();
    }
}
