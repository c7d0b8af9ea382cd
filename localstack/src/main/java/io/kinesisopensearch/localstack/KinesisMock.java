package io.kinesisopensearch.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Kinesis emulator kinesis-mock (npm package {@code kinesis-local}), run with Node.js and
 * reached over plain HTTP. Its artificial delays are off and its shard limit raised, so that tests
 * create streams instantly.
 */
final class KinesisMock implements AutoCloseable {

    private final ManagedProcess process;
    private final URI endpoint;

    private KinesisMock(ManagedProcess process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    static KinesisMock start(Path mainJs, Path workDir) throws IOException {
        if (!Files.isRegularFile(mainJs)) {
            throw new IllegalStateException("The Kinesis emulator is not installed at " + mainJs
                    + ": the Maven build installs it with npm (Node.js 18+ must be on the PATH), or set"
                    + " AWS_ENDPOINT_URL_KINESIS to a running one");
        }
        int port = FreePorts.next();
        Map<String, String> environment = Map.ofEntries(
                Map.entry("KINESIS_MOCK_PLAIN_PORT", Integer.toString(port)),
                Map.entry("KINESIS_MOCK_TLS_PORT", Integer.toString(FreePorts.next())),
                Map.entry("KINESIS_MOCK_CERT_PATH", mainJs.resolveSibling("server.json").toString()),
                Map.entry("SHARD_LIMIT", "10000"),
                Map.entry("ON_DEMAND_STREAM_COUNT_LIMIT", "1000"),
                Map.entry("CREATE_STREAM_DURATION", "0ms"),
                Map.entry("DELETE_STREAM_DURATION", "0ms"),
                Map.entry("REGISTER_STREAM_CONSUMER_DURATION", "0ms"),
                Map.entry("DEREGISTER_STREAM_CONSUMER_DURATION", "0ms"),
                Map.entry("MERGE_SHARDS_DURATION", "0ms"),
                Map.entry("SPLIT_SHARD_DURATION", "0ms"),
                Map.entry("UPDATE_SHARD_COUNT_DURATION", "0ms"),
                Map.entry("START_STREAM_ENCRYPTION_DURATION", "0ms"),
                Map.entry("STOP_STREAM_ENCRYPTION_DURATION", "0ms"),
                Map.entry("UPDATE_STREAM_MODE_DURATION", "0ms"));
        ManagedProcess process;
        try {
            process = ManagedProcess.start("kinesis-mock", List.of("node", mainJs.toString()), environment,
                    mainJs.getParent(), workDir.resolve("kinesis-mock-" + port + ".log"));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run node: Node.js 18+ must be on the PATH for the Kinesis"
                    + " emulator, or set AWS_ENDPOINT_URL_KINESIS to a running one", e);
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        process.awaitReady(Duration.ofSeconds(60), () -> ManagedProcess.answersHttp(http, endpoint));
        return new KinesisMock(process, endpoint);
    }

    URI endpoint() {
        return endpoint;
    }

    Path log() {
        return process.log();
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(5));
    }
}
