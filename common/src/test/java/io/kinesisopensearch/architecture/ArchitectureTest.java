package io.kinesisopensearch.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** This module's architecture, and the rules' own test: they fail on what they forbid. */
class ArchitectureTest {

    @Test
    void theMappingHasNoPackageCycleAndNoWorkerDependency() {
        ModuleArchitecture common = ModuleArchitecture.ofThisModule();

        assertThat(common.size()).isGreaterThan(50);
        common.hasNoPackageCycles().usesNoKcl().usesNoWorkerRuntime()
                .doesNotUse("the mapping is shared by every path, the Firehose Lambda's cold start included",
                        "software.amazon.awssdk..", "org.opensearch..");
    }

    @Test
    void theRulesFailOnACycleAndOnAForbiddenImport() {
        assertThatThrownBy(() -> ModuleArchitecture.ofPackage("io.kinesisopensearch.architecture.cycle")
                .hasNoPackageCycles())
                .isInstanceOf(AssertionError.class).hasMessageContaining("Cycle detected");
        assertThatThrownBy(() -> ModuleArchitecture.ofPackage("io.kinesisopensearch.architecture")
                .doesNotUse("a test of the rule", "com.tngtech.archunit.."))
                .isInstanceOf(AssertionError.class).hasMessageContaining("a test of the rule");
    }
}
