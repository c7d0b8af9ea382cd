package io.kinesisopensearch.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * kinesalite (npm, in memory) on a free local port, a child of this JVM: the Kinesis the pipelines
 * read when it costs least per record ({@link EmulatorCost}). It speaks JSON only (both pipelines
 * run with {@code -Daws.cborEnabled=false}) and has no enhanced fan-out (both poll).
 */
final class Kinesalite implements AutoCloseable {

    private final Process process;
    private final URI endpoint;
    private final KinesisClient client;

    private Kinesalite(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
        this.client = KinesisClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMinutes(2)))
                .endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    static Kinesalite start(Path cli, Path log) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(List.of("node", cli.toString(), "--port", Integer.toString(port),
                "--createStreamMs", "0", "--deleteStreamMs", "0", "--updateStreamMs", "0", "--shardLimit", "100"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // A child process outlives the JVM that started it unless stopped: stopped on any exit.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "kinesalite-stop"));
        Kinesalite kinesalite = new Kinesalite(process, URI.create("http://127.0.0.1:" + port));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                kinesalite.client.listStreams();
                return kinesalite;
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    kinesalite.close();
                    throw new IllegalStateException("kinesalite did not start; see " + log, notYet);
                }
                Thread.sleep(200);
            }
        }
    }

    URI endpoint() {
        return endpoint;
    }

    KinesisClient kinesis() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
