package io.kinesisopensearch.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where the Maven build put what the local stack runs. The build passes each place as a system
 * property (see localstack/pom.xml); without them, as when an IDE runs a test, the places are found
 * relative to the localstack module.
 */
public final class BuildLayout {

    private BuildLayout() {
    }

    /** Logs, data and dead letters of this run: {@code target/localstack}. */
    public static Path workDir() {
        return property("localstack.work-dir", "target/localstack");
    }

    /** kinesis-mock's entry point, installed by npm into the module. */
    static Path kinesisMockMain() {
        return property("localstack.kinesis-mock.main", "node_modules/kinesis-local/main.js");
    }

    /** dynalite's command-line entry point, installed by npm into the module. */
    public static Path dynaliteCli() {
        return property("localstack.dynalite.cli", "node_modules/dynalite/cli.js");
    }

    /** S3Mock's runnable jar, copied from Maven Central. */
    static Path s3MockJar() {
        return property("localstack.s3mock.jar", "target/s3mock/s3mock-exec.jar");
    }

    /**
     * The system property choosing the OpenSearch the stack starts: {@code 2} (the default) or
     * {@code 3}; a full version such as {@code 3.6.0} chooses by its major version.
     */
    public static final String OPENSEARCH_VERSION = "localstack.opensearch.version";

    /** The major version of OpenSearch the stack starts, from {@link #OPENSEARCH_VERSION}. */
    public static int openSearchMajorVersion() {
        String wanted = System.getProperty(OPENSEARCH_VERSION, "").trim();
        if (wanted.isEmpty()) {
            return 2;
        }
        String major = wanted.contains(".") ? wanted.substring(0, wanted.indexOf('.')) : wanted;
        if (!major.equals("2") && !major.equals("3")) {
            throw new IllegalArgumentException(OPENSEARCH_VERSION + " is " + wanted
                    + ": the build unpacks OpenSearch 2.x and 3.x, so 2 or 3");
        }
        return Integer.parseInt(major);
    }

    /** The OpenSearch distribution of {@link #openSearchMajorVersion()}, unpacked from Maven Central. */
    static Path openSearchHome() {
        int major = openSearchMajorVersion();
        String home = System.getProperty(major == 3 ? "localstack.opensearch3.home" : "localstack.opensearch.home");
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        Path dist = moduleDir().resolve("target/opensearch-dist");
        try (Stream<Path> entries = Files.list(dist)) {
            return entries.filter(path -> path.getFileName().toString().startsWith("opensearch-" + major + "."))
                    .findFirst().orElse(dist.resolve("opensearch-" + major));
        } catch (IOException e) {
            return dist.resolve("opensearch-" + major);
        }
    }

    private static Path property(String name, String relativeToModule) {
        String value = System.getProperty(name);
        return value != null ? Path.of(value) : moduleDir().resolve(relativeToModule);
    }

    /** The localstack module's directory, whether this runs from it or from the project root. */
    private static Path moduleDir() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isRegularFile(here.resolve("localstack/pom.xml")) ? here.resolve("localstack") : here;
    }
}
