package io.kinesisopensearch.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisopensearch.architecture.ModuleArchitecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void theWorkerHasNoPackageCycleAndLeavesTheLoaderToItsCommands() {
        ModuleArchitecture consumer = ModuleArchitecture.ofThisModule();

        assertThat(consumer.size()).isGreaterThan(20);
        consumer.hasNoPackageCycles()
                .doesNotUse("the loader's commands run beside the worker; its image only carries them",
                        "io.kinesisopensearch.loader..", "io.kinesisopensearch.lambda..");
    }
}
