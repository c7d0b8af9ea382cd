package io.kinesisopensearch.transformer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Times fresh JVMs on the Lambda jar from their start to the first response ({@link ColdStart}),
 * with the JVM flags Lambda's Java runtimes use by default (C1 only). Two events: small JSON records
 * (no re-ingest), and a CloudWatch Logs record of 10 events, whose 9 extra documents go back through
 * a Firehose client built then, to a loopback endpoint that accepts them.
 *
 * <p>The children's classes go into a jar of their own beside the Lambda jar because the JVM's
 * class-data archives ({@link #timeWithClassArchive}) accept only jars on the class path.
 */
final class ColdStartHarness implements AutoCloseable {

    static final List<String> LAMBDA_JVM_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path lambdaJar;
    private final Path childJar;
    private final HttpServer firehose;

    ColdStartHarness(Path lambdaJar, Path benchClasses) throws IOException {
        this.lambdaJar = lambdaJar;
        this.childJar = childJar(benchClasses);
        this.firehose = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        firehose.createContext("/", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            ObjectNode response = JSON.createObjectNode().put("FailedPutCount", 0).put("Encrypted", false);
            ArrayNode entries = response.putArray("RequestResponses");
            for (int i = 0; i < request.path("Records").size(); i++) {
                entries.addObject().put("RecordId", "bench-" + i);
            }
            byte[] body = JSON.writeValueAsBytes(response);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        firehose.start();
    }

    /** A jar of the two children, {@link ColdStart} and {@link NoopColdStart}, from the compiled bench classes. */
    private static Path childJar(Path benchClasses) throws IOException {
        Path jar = Files.createTempFile("cold-children-", ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Class<?> child : List.of(ColdStart.class, NoopColdStart.class)) {
                String entry = child.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(entry));
                out.write(Files.readAllBytes(benchClasses.resolve(entry)));
                out.closeEntry();
            }
        }
        return jar;
    }

    /** Milliseconds from starting {@code runs} JVMs with the transformer, one after the other, to each one's response line. */
    long[] time(byte[] event, String format, int runs) throws IOException, InterruptedException {
        return time(event, format, runs, ColdStart.class);
    }

    /** The same with {@code child} as the JVM's main class: {@link ColdStart} or the do-nothing {@link NoopColdStart}. */
    long[] time(byte[] event, String format, int runs, Class<?> child) throws IOException, InterruptedException {
        return time(event, format, runs, child, List.of());
    }

    /**
     * The transformer's cold start with an application class-data archive: one training JVM runs
     * the same event and writes the classes it loaded to an archive at its exit
     * ({@code -XX:ArchiveClassesAtExit}), then {@code runs} JVMs start from that archive
     * ({@code -XX:SharedArchiveFile}) and skip parsing and verifying those classes. It needs the
     * very JVM that wrote the archive, so it applies where the function brings its own (a container
     * image, a custom runtime), not to a managed runtime's zip.
     */
    long[] timeWithClassArchive(byte[] event, String format, int runs) throws IOException, InterruptedException {
        Path archive = Files.createTempFile("cold-classes-", ".jsa");
        Files.delete(archive);
        try {
            time(event, format, 1, ColdStart.class, List.of("-XX:ArchiveClassesAtExit=" + archive));
            if (!Files.isRegularFile(archive)) {
                throw new IllegalStateException("The training JVM wrote no class-data archive at " + archive);
            }
            return time(event, format, runs, ColdStart.class, List.of("-XX:SharedArchiveFile=" + archive));
        } finally {
            Files.deleteIfExists(archive);
        }
    }

    private long[] time(byte[] event, String format, int runs, Class<?> child, List<String> flags)
            throws IOException, InterruptedException {
        Path file = Files.createTempFile("cold-event-", ".json");
        Files.write(file, event);
        long[] millis = new long[runs];
        try {
            for (int run = 0; run < runs; run++) {
                millis[run] = once(file, format, child, flags);
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return millis;
    }

    private long once(Path event, String format, Class<?> child, List<String> flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LAMBDA_JVM_FLAGS);
        command.addAll(flags);
        command.add("-cp");
        command.add(lambdaJar + File.pathSeparator + childJar);
        command.add(child.getName());
        command.add(event.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(Map.of(
                "OPENSEARCH_INDEX", "bench",
                "MAPPING_FORMAT", format,
                "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL_FIREHOSE", "http://127.0.0.1:" + firehose.getAddress().getPort(),
                "AWS_ACCESS_KEY_ID", "bench",
                "AWS_SECRET_ACCESS_KEY", "bench"));
        long started = System.nanoTime();
        Process process = builder.start();
        List<String> output = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.add(line);
                if (line.startsWith("RESPONDED ")) {
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    process.waitFor(30, TimeUnit.SECONDS);
                    return millis;
                }
            }
        } finally {
            process.destroy();
        }
        throw new IllegalStateException("The cold-start JVM gave no response:\n" + String.join("\n", output));
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    @Override
    public void close() {
        firehose.stop(0);
        try {
            Files.deleteIfExists(childJar);
        } catch (IOException e) {
            // A temporary file left behind is no reason to fail the report.
        }
    }
}
