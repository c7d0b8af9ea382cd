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

    /** The OpenSearch distribution, unpacked from Maven Central. */
    static Path openSearchHome() {
        String home = System.getProperty("localstack.opensearch.home");
        if (home != null) {
            return Path.of(home);
        }
        Path dist = moduleDir().resolve("target/opensearch-dist");
        try (Stream<Path> entries = Files.list(dist)) {
            return entries.filter(path -> path.getFileName().toString().startsWith("opensearch-")).findFirst()
                    .orElse(dist.resolve("opensearch"));
        } catch (IOException e) {
            return dist.resolve("opensearch");
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
