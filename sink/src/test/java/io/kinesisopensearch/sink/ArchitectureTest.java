package io.kinesisopensearch.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.architecture.ModuleArchitecture;
import org.junit.jupiter.api.Test;

/** What writes to OpenSearch is a library every path shares: no cycle, no worker, no KCL. */
class ArchitectureTest {

    @Test
    void theSinkHasNoPackageCycleAndNothingOfTheWorker() {
        ModuleArchitecture sink = ModuleArchitecture.ofThisModule();

        assertThat(sink.size()).isGreaterThan(30);
        sink.hasNoPackageCycles().usesNoKcl().usesNoWorkerRuntime()
                .doesNotUse("the sink is below every entry point", "io.kinesisopensearch.consumer..",
                        "io.kinesisopensearch.loader..", "io.kinesisopensearch.lambda..",
                        "io.kinesisopensearch.transformer..");
    }

    @Test
    void neitherKclNorMicrometerIsOnTheClassPath() {
        // logback is on the test class path only (OpenSearchClientsTest reads the log); the pom bans it beyond.
        assertThatThrownBy(() -> Class.forName("software.amazon.kinesis.coordinator.Scheduler"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
