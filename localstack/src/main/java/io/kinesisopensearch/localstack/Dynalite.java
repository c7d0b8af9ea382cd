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
 * dynalite (npm package {@code dynalite}, Apache-2.0), a DynamoDB API server on Node.js, in memory,
 * on a free loopback port; its output goes to its own log file under the work directory. It holds
 * KCL's lease tables and the tests' tables. It has no DynamoDB Streams API: the local stack puts the
 * {@link io.kinesisopensearch.localstack.dynamodbstreams.DynamoDbStreamsStandIn} in front of it.
 */
public final class Dynalite implements AutoCloseable {

    private final ManagedProcess process;
    private final URI endpoint;

    private Dynalite(ManagedProcess process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    public static Dynalite start(Path cliJs, Path workDir) throws IOException {
        if (!Files.isRegularFile(cliJs)) {
            throw new IllegalStateException("dynalite is not installed at " + cliJs
                    + ": the Maven build installs it with npm (Node.js 18+ must be on the PATH), or set"
                    + " AWS_ENDPOINT_URL_DYNAMODB to a running DynamoDB");
        }
        int port = FreePorts.next();
        // In memory (no --path); tables leave CREATING, UPDATING and DELETING at once instead of after 500 ms
        // (the stand-in answers a table operation once it is done), as DynamoDB Local's did: an SDK waiter
        // that finds a table still CREATING sleeps 20 s before it looks again.
        List<String> command = List.of("node", cliJs.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0");
        ManagedProcess process;
        try {
            process = ManagedProcess.start("dynalite", command, Map.of(), cliJs.getParent(),
                    workDir.resolve("dynalite-" + port + ".log"));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run node: Node.js 18+ must be on the PATH for dynalite, or set"
                    + " AWS_ENDPOINT_URL_DYNAMODB to a running DynamoDB", e);
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        process.awaitReady(Duration.ofSeconds(60), () -> ManagedProcess.answersHttp(http, endpoint));
        return new Dynalite(process, endpoint);
    }

    public URI endpoint() {
        return endpoint;
    }

    public Path log() {
        return process.log();
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return "dynalite at " + endpoint;
    }
}
