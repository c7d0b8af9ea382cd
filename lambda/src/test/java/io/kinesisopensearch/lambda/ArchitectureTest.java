package io.kinesisopensearch.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.architecture.ModuleArchitecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void theHandlersUseTheSinkAndTheLoaderNeverTheWorker() {
        ModuleArchitecture lambda = ModuleArchitecture.ofThisModule();

        assertThat(lambda.size()).isGreaterThan(5);
        lambda.hasNoPackageCycles().usesNoKcl().usesNoWorkerRuntime()
                .doesNotUse("a Lambda function is not a KCL worker", "io.kinesisopensearch.consumer..");
    }

    @Test
    void theWorkerIsNotOnTheClassPath() {
        assertThatThrownBy(() -> Class.forName("io.kinesisopensearch.consumer.ConsumerWorker"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("software.amazon.kinesis.coordinator.Scheduler"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
