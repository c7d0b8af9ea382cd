package io.kinesisopensearch.transformer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisopensearch.architecture.ModuleArchitecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void theTransformerStandsOnTheMappingAlone() {
        ModuleArchitecture transformer = ModuleArchitecture.ofThisModule();

        assertThat(transformer.size()).isGreaterThan(10);
        transformer.hasNoPackageCycles().usesNoKcl().usesNoWorkerRuntime()
                .doesNotUse("Firehose writes to OpenSearch itself; the transformer only maps",
                        "io.kinesisopensearch.sink..", "io.kinesisopensearch.consumer..", "org.opensearch..");
    }
}
