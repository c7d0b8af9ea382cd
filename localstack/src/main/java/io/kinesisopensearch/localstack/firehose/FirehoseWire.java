package io.kinesisopensearch.localstack.firehose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongPredicate;

/**
 * Firehose's {@code PutRecord} and {@code PutRecordBatch} on its wire protocol (AWS JSON 1.1,
 * {@code X-Amz-Target: Firehose_20150804.PutRecordBatch}), on a loopback port, so that the real
 * AWS SDK client talks to it with {@code AWS_ENDPOINT_URL_FIREHOSE}. Signatures are not checked.
 * Firehose's limits are: 500 records and 4 MiB per batch, 1,000 KiB per record; a request over
 * them is refused whole, as Firehose refuses it.
 *
 * <p>For tests of the callers' retries, {@code refuse} picks record attempts (numbered from 0 over
 * the server's life) to refuse with {@code ServiceUnavailableException}, as Firehose does for a
 * stream over its throughput; with {@code kinesisSource} every put is refused with
 * {@code InvalidArgumentException}, as for a delivery stream that reads a Kinesis stream.
 */
final class FirehoseWire implements AutoCloseable {

    static final String TARGET_PREFIX = "Firehose_20150804.";
    private static final int MAX_RECORDS = 500;
    private static final long MAX_BATCH_BYTES = 4L * 1024 * 1024;
    private static final int MAX_RECORD_BYTES = 1_000 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String streamName;
    private final Function<List<byte[]>, List<String>> sink;
    private final LongPredicate refuse;
    private final boolean kinesisSource;
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "firehose-wire");
        thread.setDaemon(true);
        return thread;
    });

    /** Serves the stream {@code streamName}; {@code sink} takes accepted records and returns their record ids. */
    FirehoseWire(String streamName, Function<List<byte[]>, List<String>> sink, LongPredicate refuse,
            boolean kinesisSource) throws IOException {
        this.streamName = streamName;
        this.sink = sink;
        this.refuse = refuse;
        this.kinesisSource = kinesisSource;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Record attempts refused so far with ServiceUnavailableException. */
    long refused() {
        return refused.get();
    }

    /** True while a put request is being answered. */
    boolean busy() {
        return inFlight.get() > 0;
    }

    private void handle(HttpExchange exchange) throws IOException {
        inFlight.incrementAndGet();
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            JsonNode request;
            try (InputStream body = exchange.getRequestBody()) {
                request = JSON.readTree(body);
            }
            String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
            if (!"POST".equals(exchange.getRequestMethod()) || target == null || !target.startsWith(TARGET_PREFIX)) {
                error(exchange, 400, "UnknownOperationException", "Expected a POST with X-Amz-Target " + TARGET_PREFIX + "*");
                return;
            }
            if (!streamName.equals(request.path("DeliveryStreamName").asText())) {
                error(exchange, 400, "ResourceNotFoundException", "Firehose " + request.path("DeliveryStreamName").asText()
                        + " under account " + StandInConfig.ACCOUNT + " not found.");
                return;
            }
            if (kinesisSource && (operation.equals("PutRecord") || operation.equals("PutRecordBatch"))) {
                error(exchange, 400, "InvalidArgumentException",
                        "This operation is not permitted on KinesisStreamAsSource delivery stream type.");
                return;
            }
            switch (operation) {
                case "PutRecord" -> putRecord(exchange, request);
                case "PutRecordBatch" -> putRecordBatch(exchange, request);
                default -> error(exchange, 400, "UnknownOperationException", "Unsupported operation " + operation);
            }
        } catch (IOException | RuntimeException e) {
            error(exchange, 500, "ServiceUnavailableException", "Stand-in failure: " + e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void putRecord(HttpExchange exchange, JsonNode request) throws IOException {
        byte[] data = decode(request.path("Record").path("Data"));
        if (data == null || data.length > MAX_RECORD_BYTES) {
            error(exchange, 400, "InvalidArgumentException", "Record data must be base64 of at most 1000 KiB.");
            return;
        }
        if (refuse.test(attempts.getAndIncrement())) {
            refused.incrementAndGet();
            error(exchange, 400, "ServiceUnavailableException", "Slow down.");
            return;
        }
        String recordId = sink.apply(List.of(data)).get(0);
        ObjectNode response = JSON.createObjectNode().put("RecordId", recordId).put("Encrypted", false);
        reply(exchange, 200, response);
    }

    private void putRecordBatch(HttpExchange exchange, JsonNode request) throws IOException {
        JsonNode records = request.path("Records");
        if (!records.isArray() || records.isEmpty() || records.size() > MAX_RECORDS) {
            error(exchange, 400, "ValidationException", "1 validation error detected: Value at 'records' failed to"
                    + " satisfy constraint: Member must have length between 1 and " + MAX_RECORDS);
            return;
        }
        List<byte[]> all = new ArrayList<>(records.size());
        long bytes = 0;
        for (JsonNode record : records) {
            byte[] data = decode(record.path("Data"));
            if (data == null || data.length > MAX_RECORD_BYTES) {
                error(exchange, 400, "InvalidArgumentException", "Record data must be base64 of at most 1000 KiB.");
                return;
            }
            bytes += data.length;
            all.add(data);
        }
        if (bytes > MAX_BATCH_BYTES) {
            error(exchange, 400, "InvalidArgumentException", "Records size exceeds 4 MiB limit: " + bytes + " bytes.");
            return;
        }
        List<byte[]> accepted = new ArrayList<>();
        boolean[] refusedHere = new boolean[all.size()];
        for (int i = 0; i < all.size(); i++) {
            refusedHere[i] = refuse.test(attempts.getAndIncrement());
            if (!refusedHere[i]) {
                accepted.add(all.get(i));
            }
        }
        List<String> ids = accepted.isEmpty() ? List.of() : sink.apply(accepted);
        ObjectNode response = JSON.createObjectNode();
        ArrayNode entries = response.putArray("RequestResponses");
        int failed = 0;
        for (int i = 0, next = 0; i < all.size(); i++) {
            if (refusedHere[i]) {
                failed++;
                entries.addObject().put("ErrorCode", "ServiceUnavailableException").put("ErrorMessage", "Slow down.");
            } else {
                entries.addObject().put("RecordId", ids.get(next++));
            }
        }
        refused.addAndGet(failed);
        response.put("FailedPutCount", failed).put("Encrypted", false);
        reply(exchange, 200, response);
    }

    private static byte[] decode(JsonNode data) {
        if (!data.isTextual()) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(data.textValue());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        exchange.getResponseHeaders().add("x-amzn-ErrorType", type);
        reply(exchange, status, JSON.createObjectNode().put("__type", type).put("message", message));
    }

    private static void reply(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().add("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
