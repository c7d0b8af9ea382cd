package io.kinesisopensearch.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * What each Kinesis emulator costs per record read, the pipelines' common bound: the same documents
 * put into a one-shard stream of kinesis-mock and of kinesalite (npm, in memory, JSON only), then
 * read back whole by GetRecords of each size in {@link #LIMITS}, timing each call and the
 * emulator's CPU. Prints one line per emulator and size; the side by side reads from the emulator
 * that costs least per record at a size it answers in time.
 */
final class EmulatorCost {

    /** Records per GetRecords call tried: the worker's bench setting, more, and Kinesis's most. */
    static final List<Integer> LIMITS = List.of(1_000, 2_000, 5_000, 10_000);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    /** One emulator and size: median and slowest call, emulator CPU per 1,000 records, calls that failed. */
    record Result(String emulator, int limit, long medianCallMillis, long slowestCallMillis, double cpuMillisPer1000,
            int failedCalls) {
    }

    private EmulatorCost() {
    }

    /** Measures every emulator found; {@code kinesaliteCli} may be absent (then only kinesis-mock). */
    static List<Result> run(List<BenchDocuments.Doc> docs, Path kinesisMockMain, Optional<Path> kinesaliteCli, Path logs)
            throws Exception {
        List<Result> results = new ArrayList<>();
        results.addAll(measure("kinesis-mock", docs, List.of("node", kinesisMockMain.toString()), "KINESIS_MOCK_PLAIN_PORT",
                logs));
        if (kinesaliteCli.isPresent()) {
            results.addAll(measure("kinesalite", docs, List.of("node", kinesaliteCli.get().toString(),
                    "--createStreamMs", "0", "--shardLimit", "100"), "--port", logs));
        }
        return results;
    }

    private static List<Result> measure(String name, List<BenchDocuments.Doc> docs, List<String> command, String portHow,
            Path logs) throws Exception {
        int port = freePort();
        List<String> full = new ArrayList<>(command);
        ProcessBuilder builder = new ProcessBuilder(full);
        if (portHow.startsWith("--")) {
            full.addAll(List.of(portHow, Integer.toString(port)));
            builder.command(full);
        } else {
            builder.environment().put(portHow, Integer.toString(port));
            builder.environment().put("KINESIS_MOCK_TLS_PORT", Integer.toString(freePort()));
            builder.environment().put("KINESIS_MOCK_CERT_PATH", Path.of(command.get(1)).resolveSibling("server.json").toString());
            builder.environment().put("SHARD_LIMIT", "10000");
            builder.environment().put("CREATE_STREAM_DURATION", "0ms");
            builder.environment().put("LOG_LEVEL", "WARN");
        }
        Files.createDirectories(logs);
        Process emulator = builder.redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + "-cost.log").toFile()).start();
        try (KinesisClient kinesis = KinesisClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(CALL_TIMEOUT))
                .endpointOverride(URI.create("http://127.0.0.1:" + port)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build()) {
            String stream = "cost";
            awaitUp(kinesis);
            kinesis.createStream(request -> request.streamName(stream).shardCount(1));
            while (kinesis.describeStreamSummary(request -> request.streamName(stream)).streamDescriptionSummary()
                    .streamStatus() != StreamStatus.ACTIVE) {
                Thread.sleep(100);
            }
            for (int from = 0; from < docs.size(); from += 500) {
                List<PutRecordsRequestEntry> entries = docs.subList(from, Math.min(docs.size(), from + 500)).stream()
                        .map(doc -> PutRecordsRequestEntry.builder().partitionKey(doc.id())
                                .data(SdkBytes.fromByteArray(doc.json())).build()).toList();
                kinesis.putRecords(request -> request.streamName(stream).records(entries));
            }
            String shard = kinesis.listShards(request -> request.streamName(stream)).shards().get(0).shardId();
            List<Result> results = new ArrayList<>();
            for (int limit : LIMITS) {
                results.add(readAll(name, kinesis, stream, shard, limit, emulator, docs.size()));
            }
            return results;
        } finally {
            emulator.destroy();
            emulator.waitFor();
        }
    }

    /** Reads the shard from its start to its end, {@code limit} records a call. */
    private static Result readAll(String name, KinesisClient kinesis, String stream, String shard, int limit,
            Process emulator, int expected) throws InterruptedException {
        String iterator = kinesis.getShardIterator(request -> request.streamName(stream).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        Duration cpuBefore = emulator.info().totalCpuDuration().orElse(Duration.ZERO);
        List<Long> calls = new ArrayList<>();
        int read = 0;
        int failed = 0;
        while (read < expected && failed < 3) {
            String current = iterator;
            long start = System.nanoTime();
            try {
                GetRecordsResponse response = kinesis.getRecords(request -> request.shardIterator(current).limit(limit));
                calls.add((System.nanoTime() - start) / 1_000_000);
                read += response.records().size();
                iterator = response.nextShardIterator();
            } catch (RuntimeException e) {
                failed++;
                calls.add((System.nanoTime() - start) / 1_000_000);
            }
        }
        Duration cpu = emulator.info().totalCpuDuration().orElse(Duration.ZERO).minus(cpuBefore);
        List<Long> sorted = calls.stream().sorted().toList();
        return new Result(name, limit, sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1),
                read == 0 ? -1 : cpu.toMillis() * 1000.0 / read, failed);
    }

    private static void awaitUp(KinesisClient kinesis) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                kinesis.listStreams();
                return;
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(200);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String format(Result result) {
        return String.format(Locale.ROOT, "  %-12s %6d records a call: median call %,6d ms, slowest %,6d ms; emulator CPU"
                + " %,7.1f ms per 1,000 records%s", result.emulator(), result.limit(), result.medianCallMillis(),
                result.slowestCallMillis(), result.cpuMillisPer1000(),
                result.failedCalls() > 0 ? "; " + result.failedCalls() + " calls failed (timeout " + CALL_TIMEOUT.toSeconds()
                        + " s)" : "");
    }
}
