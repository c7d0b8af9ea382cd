package io.kinesisopensearch.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeJavaTest {

    @TempDir
    Path jvms;

    @Test
    void aThreeNodeFromAJdk17BuildRunsOnTheNewestJdkInstalledBeside() throws IOException {
        Path jdk17 = jdk("jdk-17", "17.0.15");
        jdk("jdk-21", "21.0.7");
        Path jdk25 = jdk("temurin-25", "25.0.3");
        NodeJava java = new NodeJava(Optional.empty(), jdk17, List.of(jvms));
        assertThat(java.forOpenSearch(3)).isEqualTo(jdk25);
        assertThat(java.forOpenSearch(2)).as("2.x on this JVM").isEqualTo(jdk17);
    }

    @Test
    void openSearchJavaHomeWinsWhereItFitsOnly() throws IOException {
        Path jdk17 = jdk("jdk-17", "17.0.15");
        Path jdk21 = jdk("jdk-21", "21.0.7");
        Path jdk25 = jdk("temurin-25", "25.0.3");
        assertThat(new NodeJava(Optional.of(jdk21), jdk17, List.of(jvms)).forOpenSearch(3)).isEqualTo(jdk21);
        assertThat(new NodeJava(Optional.of(jdk21), jdk17, List.of(jvms)).forOpenSearch(2)).isEqualTo(jdk21);
        assertThat(new NodeJava(Optional.of(jdk17), jdk25, List.of(jvms)).forOpenSearch(3)).isEqualTo(jdk25);
        assertThat(new NodeJava(Optional.of(jdk17), jdk25, List.of(jvms)).forOpenSearch(2)).as("no security manager in 25")
                .isEqualTo(jdk17);
    }

    @Test
    void withoutAFittingJdkItSaysWhatIsNeeded() throws IOException {
        Path jdk17 = jdk("jdk-17", "17.0.15");
        jdk("jdk-8", "1.8.0_402");
        assertThatThrownBy(() -> new NodeJava(Optional.of(jdk17), jdk17, List.of(jvms, jvms.resolve("missing")))
                .forOpenSearch(3)).hasMessage("OpenSearch 3.x runs on JDK 21 or newer, and none was found"
                + " (OPENSEARCH_JAVA_HOME " + jdk17 + " is JDK 17, this JVM is JDK 17): set OPENSEARCH_JAVA_HOME to one");
    }

    @Test
    void theFeatureVersionComesFromTheReleaseFile() throws IOException {
        assertThat(NodeJava.featureVersion(jdk("a", "25.0.3"))).isEqualTo(25);
        assertThat(NodeJava.featureVersion(jdk("b", "1.8.0_402"))).isEqualTo(8);
        assertThat(NodeJava.featureVersion(jdk("c", "21"))).isEqualTo(21);
        assertThat(NodeJava.featureVersion(jvms.resolve("none"))).isZero();
        assertThat(NodeJava.featureVersion(Path.of(System.getProperty("java.home"))))
                .isEqualTo(Runtime.version().feature());
    }

    /** A JDK as far as NodeJava looks: a release file and an executable bin/java. */
    private Path jdk(String name, String version) throws IOException {
        Path home = jvms.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = Files.writeString(home.resolve("bin/java"), "#!/bin/sh\n");
        java.toFile().setExecutable(true);
        return home;
    }
}
