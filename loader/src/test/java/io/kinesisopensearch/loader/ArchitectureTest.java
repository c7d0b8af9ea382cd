package io.kinesisopensearch.loader;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisopensearch.architecture.ModuleArchitecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void theLoaderWritesThroughTheSinkWithoutTheWorker() {
        ModuleArchitecture loader = ModuleArchitecture.ofThisModule();

        assertThat(loader.size()).isGreaterThan(8);
        loader.hasNoPackageCycles().usesNoKcl().usesNoWorkerRuntime()
                .doesNotUse("the loader runs beside the worker, not in it", "io.kinesisopensearch.consumer..",
                        "io.kinesisopensearch.lambda..");
    }
}
