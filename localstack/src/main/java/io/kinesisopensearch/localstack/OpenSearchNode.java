package io.kinesisopensearch.localstack;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.sink.client.OpenSearchClients;
import io.kinesisopensearch.sink.client.OpenSearchConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node OpenSearch, run from the distribution the build unpacked, on free ports, with
 * its configuration, data and logs in a directory of its own. It can be stopped and started again
 * on the same ports and data, which is how outage tests take it away.
 *
 * <p>OpenSearch refuses to run as root. When this JVM is root, the node runs as the unprivileged
 * user {@value #USER}, created if missing. The node's JDK is chosen by {@link NodeJava}: 3.x needs
 * JDK 21+, 2.x JDK 17 to 23, whatever this JVM is.
 */
public final class OpenSearchNode implements AutoCloseable {

    static final String USER = "opensearch";
    private static final Logger LOG = LoggerFactory.getLogger(OpenSearchNode.class);
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private static final Pattern SERVER_JAR = Pattern.compile("opensearch-(\\d+)\\.(\\d+)\\.(\\d+)\\.jar");

    private final Path home;
    private final String version;
    private final Path directory;
    private final int httpPort;
    private final int transportPort;
    private final Map<String, String> settings;
    private ManagedProcess process;
    private OpenSearchClient client;

    private OpenSearchNode(Path home, Path directory, int httpPort, int transportPort, Map<String, String> settings) {
        this.home = home;
        this.version = distributionVersion(home);
        this.directory = directory;
        this.httpPort = httpPort;
        this.transportPort = transportPort;
        this.settings = settings;
    }

    /**
     * Starts a node from the distribution at {@code home}, in a new directory under {@code workRoot}.
     *
     * @param extraSettings node settings ({@code -E} options) on top of the single-node defaults,
     *                      for example a tiny write thread pool
     */
    static OpenSearchNode start(Path home, Path workRoot, Map<String, String> extraSettings) {
        if (!Files.isRegularFile(home.resolve("bin/opensearch"))) {
            throw new IllegalStateException("No OpenSearch distribution at " + home
                    + ": the Maven build unpacks it (./mvnw verify), or set OPENSEARCH_URL to a running cluster");
        }
        try {
            if (ROOT) {
                ensureUserExists();
                if (!reachableByOthers(home) || !reachableByOthers(workRoot)) {
                    // A checkout under /root cannot be read by another user: run from a copy in /tmp.
                    Path shared = Path.of(System.getProperty("java.io.tmpdir"), "kinesis-opensearch-localstack");
                    home = copyOnce(home, shared.resolve(home.getFileName()));
                    workRoot = shared.resolve("work");
                }
            }
            int httpPort = FreePorts.next();
            Path directory = workRoot.resolve("opensearch-" + httpPort);
            OpenSearchNode node = new OpenSearchNode(home, directory, httpPort, FreePorts.next(), extraSettings);
            node.prepareDirectory();
            node.start();
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare OpenSearch", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    /** The distribution's version, such as {@code 3.6.0}. */
    public String version() {
        return version;
    }

    /** A client for this node; owned by the node. */
    public synchronized OpenSearchClient client() {
        if (client == null) {
            client = OpenSearchClients.create(OpenSearchConfig.from(
                    Settings.of(Map.of(OpenSearchConfig.URL, endpoint().toString()))));
        }
        return client;
    }

    /** How many documents of {@code index} a search on this node sees now; 0 while the index does not exist. */
    public long searchableDocuments(String index) {
        return Indexes.searchableDocuments(client(), index);
    }

    /** The directory holding this node's configuration, data and logs. */
    public Path directory() {
        return directory;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the node (again) on its ports and data, and waits until the cluster is at least yellow. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        List<String> command = new ArrayList<>();
        if (ROOT) {
            command.addAll(List.of("setpriv", "--reuid=" + USER, "--regid=" + USER, "--init-groups"));
        }
        command.addAll(List.of("bash", home.resolve("bin/opensearch").toString()));
        nodeSettings().forEach((key, value) -> command.add("-E" + key + "=" + value));
        Map<String, String> environment = Map.of(
                "OPENSEARCH_JAVA_HOME", NodeJava.ofThisMachine().forOpenSearch(majorVersion()).toString(),
                "OPENSEARCH_PATH_CONF", directory.resolve("config").toString(),
                "OPENSEARCH_JAVA_OPTS", System.getProperty("localstack.opensearch.java-opts", "-Xms512m -Xmx512m"));
        long started = System.nanoTime();
        try {
            process = ManagedProcess.start("OpenSearch", command, environment, directory,
                    directory.resolve("logs/console.log"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start OpenSearch", e);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        process.awaitReady(Duration.ofSeconds(120), () -> healthy(http));
        LOG.info("OpenSearch {} up at {} in {} ms on {} (logs in {})", version, endpoint(),
                (System.nanoTime() - started) / 1_000_000, environment.get("OPENSEARCH_JAVA_HOME"), directory.resolve("logs"));
    }

    /** Stops the node gracefully; its data stays for the next {@link #start()}. */
    public synchronized void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(30));
            process = null;
        }
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            try {
                client._transport().close();
            } catch (IOException e) {
                LOG.debug("Closing the OpenSearch client failed", e);
            }
            client = null;
        }
        stop();
    }

    private Map<String, String> nodeSettings() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("cluster.name", "kinesis-opensearch-local");
        all.put("node.name", "local-" + httpPort);
        all.put("discovery.type", "single-node");
        all.put("network.host", "127.0.0.1");
        all.put("http.port", Integer.toString(httpPort));
        all.put("transport.port", Integer.toString(transportPort));
        all.put("path.data", directory.resolve("data").toString());
        all.put("path.logs", directory.resolve("logs").toString());
        // A build machine's disk may be fuller than OpenSearch's watermarks like; tests must not go read-only.
        all.put("cluster.routing.allocation.disk.threshold_enabled", "false");
        all.putAll(settings);
        return all;
    }

    private boolean healthy(HttpClient http) {
        try {
            HttpRequest request = HttpRequest.newBuilder(
                            endpoint().resolve("/_cluster/health?wait_for_status=yellow&timeout=1s"))
                    .timeout(Duration.ofSeconds(3))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A private copy of the configuration, with paths the stock jvm.options keeps relative made absolute. */
    private void prepareDirectory() throws IOException {
        Path config = directory.resolve("config");
        Files.createDirectories(directory.resolve("data"));
        Files.createDirectories(directory.resolve("logs"));
        copyTree(home.resolve("config"), config);
        Path jvmOptions = config.resolve("jvm.options");
        String options = Files.readString(jvmOptions, StandardCharsets.UTF_8)
                .replace("file=logs/gc.log", "file=" + directory.resolve("logs/gc.log"))
                .replace("HeapDumpPath=data", "HeapDumpPath=" + directory.resolve("data"))
                .replace("ErrorFile=logs/", "ErrorFile=" + directory.resolve("logs") + "/");
        Files.writeString(jvmOptions, options, StandardCharsets.UTF_8);
        if (ROOT) {
            UserPrincipal user = directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : (Iterable<Path>) paths::iterator) {
                    Files.setOwner(path, user);
                }
            }
        }
    }

    private int majorVersion() {
        return Integer.parseInt(version.substring(0, version.indexOf('.')));
    }

    /** The version of the distribution at {@code home}, from its server jar ({@code lib/opensearch-3.6.0.jar}). */
    static String distributionVersion(Path home) {
        try (Stream<Path> jars = Files.list(home.resolve("lib"))) {
            return jars.map(jar -> SERVER_JAR.matcher(jar.getFileName().toString())).filter(Matcher::matches)
                    .map(matcher -> matcher.group(1) + "." + matcher.group(2) + "." + matcher.group(3)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No opensearch-<version>.jar in " + home.resolve("lib")));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the OpenSearch distribution at " + home, e);
        }
    }

    private static void ensureUserExists() throws IOException {
        if (run("id", "-u", USER) == 0) {
            return;
        }
        int status = run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER);
        if (status != 0 && run("id", "-u", USER) != 0) {
            throw new IllegalStateException("OpenSearch refuses to run as root and the user '" + USER
                    + "' could not be created (useradd exited " + status + "): create it, or run the build as"
                    + " another user");
        }
    }

    private static int run(String... command) throws IOException {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted running " + command[0], e);
        }
    }

    /** Whether another user can reach {@code path}: every existing ancestor lets others through. */
    private static boolean reachableByOthers(Path path) throws IOException {
        for (Path current = path.toAbsolutePath(); current != null; current = current.getParent()) {
            if (Files.exists(current, LinkOption.NOFOLLOW_LINKS)
                    && Files.isDirectory(current)
                    && !Files.getPosixFilePermissions(current).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return false;
            }
        }
        return true;
    }

    private static Path copyOnce(Path source, Path target) throws IOException {
        if (!Files.isRegularFile(target.resolve("bin/opensearch"))) {
            LOG.info("Copying OpenSearch to {} so that user {} can read it", target, USER);
            copyTree(source, target);
        }
        return target;
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path destination = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(path, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
