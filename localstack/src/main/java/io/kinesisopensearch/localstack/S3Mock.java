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
 * An S3 emulator: Adobe's S3Mock, the runnable jar the build copies from Maven Central, in a JVM
 * of its own and reached over plain HTTP with path-style addressing.
 */
final class S3Mock implements AutoCloseable {

    private final ManagedProcess process;
    private final URI endpoint;

    private S3Mock(ManagedProcess process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    static S3Mock start(Path jar, Path workDir) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Mock is not at " + jar
                    + ": the Maven build copies it, or set AWS_ENDPOINT_URL_S3 to a running S3");
        }
        int port = FreePorts.next();
        Path directory = workDir.resolve("s3mock-" + port);
        Files.createDirectories(directory);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ManagedProcess process = ManagedProcess.start("S3Mock", List.of(java, "-Xmx256m", "-jar", jar.toString(),
                        "--server.port=" + FreePorts.next(),
                        "--com.adobe.testing.s3mock.httpPort=" + port,
                        "--com.adobe.testing.s3mock.store.root=" + directory.resolve("data")),
                Map.of(), directory, directory.resolve("s3mock.log"));
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        process.awaitReady(Duration.ofSeconds(90), () -> ManagedProcess.answersHttp(http, endpoint));
        return new S3Mock(process, endpoint);
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(10));
    }
}
