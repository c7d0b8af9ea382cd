package io.kinesisopensearch.localstack.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisopensearch.localstack.WorkerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A worker with a broken setting stops at start-up and says, in one line, which setting to fix. */
class WorkerStartupIT {

    private static final Path LOGS = Path.of(System.getProperty("localstack.work-dir", "target/localstack"));

    @Test
    void aMissingStreamNameStopsTheWorkerWithOneLineNamingIt() throws Exception {
        List<String> output = runWorker("missing-stream", Map.of(
                "KINESIS_APPLICATION_NAME", "orders-indexer",
                "OPENSEARCH_URL", "http://127.0.0.1:9",
                "OPENSEARCH_INDEX", "orders"));

        assertThat(output).containsExactly("Configuration error: Missing setting kinesis.stream (environment"
                + " variable KINESIS_STREAM): the name of the Kinesis data stream to read");
    }

    @Test
    void anInvalidValueIsNamedWithTheAllowedOnes() throws Exception {
        List<String> output = runWorker("bad-position", Map.of(
                "KINESIS_STREAM", "orders",
                "KINESIS_APPLICATION_NAME", "orders-indexer",
                "KINESIS_INITIAL_POSITION", "BEGINNING",
                "OPENSEARCH_URL", "http://127.0.0.1:9",
                "OPENSEARCH_INDEX", "orders"));

        assertThat(output).containsExactly("Configuration error: Invalid setting kinesis.initial-position"
                + " (environment variable KINESIS_INITIAL_POSITION) = 'BEGINNING': allowed values are TRIM_HORIZON,"
                + " LATEST, AT_TIMESTAMP");
    }

    @Test
    void aMistypedKeyInTheSettingsFileIsNamedWithTheClosestKnownOne() throws Exception {
        Path file = LOGS.resolve("worker-startup-typo.properties");
        Files.createDirectories(LOGS);
        Files.writeString(file, String.join("\n", "kinesis.stream=orders", "kinesis.application-name=orders-indexer",
                "opensearch.url=http://127.0.0.1:9", "opensearch.index=orders", "bulk.max-wiat=2s", ""));

        List<String> output = runWorker("typo", Map.of("KINESIS_OPENSEARCH_CONFIG", file.toString()));

        assertThat(output).containsExactly("Configuration error: Unknown setting bulk.max-wiat in the file named by"
                + " KINESIS_OPENSEARCH_CONFIG; did you mean bulk.max-wait (environment variable BULK_MAX_WAIT)?");
    }

    private static List<String> runWorker(String name, Map<String, String> environment) throws Exception {
        Path directory = LOGS.resolve("worker-startup-" + name);
        Files.deleteIfExists(directory.resolve("console.log"));
        try (WorkerProcess worker = WorkerProcess.start(environment, directory)) {
            assertThat(worker.awaitExit(Duration.ofSeconds(30))).as("exit status").isEqualTo(2);
            return Files.readAllLines(worker.log(), StandardCharsets.UTF_8);
        }
    }
}
