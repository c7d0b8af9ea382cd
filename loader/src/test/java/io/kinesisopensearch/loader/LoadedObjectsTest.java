package io.kinesisopensearch.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadedObjectsTest {

    @TempDir
    Path directory;

    @Test
    void aRecordedObjectIsLoadedForItsETagOnlyAfterReopening() throws IOException {
        Path file = directory.resolve("progress").resolve("load.txt");
        try (LoadedObjects loaded = LoadedObjects.open(file)) {
            assertThat(loaded.isLoaded("b", "a.csv", "\"e1\"")).isFalse();
            loaded.record("b", "a.csv", "\"e1\"");
            loaded.record("b", "odd\tkey\nwith breaks\\", "\"e2\"");
            assertThat(loaded.isLoaded("b", "a.csv", "\"e1\"")).isTrue();
        }
        try (LoadedObjects again = LoadedObjects.open(file)) {
            assertThat(again.isLoaded("b", "a.csv", "\"e1\"")).isTrue();
            assertThat(again.isLoaded("b", "a.csv", "\"changed\"")).as("a changed object").isFalse();
            assertThat(again.isLoaded("other", "a.csv", "\"e1\"")).as("another bucket").isFalse();
            assertThat(again.isLoaded("b", "odd\tkey\nwith breaks\\", "\"e2\"")).isTrue();
            assertThat(again.size()).isEqualTo(2);
        }
    }

    @Test
    void aTornLastLineIsIgnoredAndTheNextRecordStillReadable() throws IOException {
        Path file = directory.resolve("load.txt");
        try (LoadedObjects loaded = LoadedObjects.open(file)) {
            loaded.record("b", "one.csv", "\"e1\"");
        }
        Files.writeString(file, "\n\"e2", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (LoadedObjects loaded = LoadedObjects.open(file)) {
            assertThat(loaded.size()).isEqualTo(1);
            loaded.record("b", "two.csv", "\"e3\"");
        }
        try (LoadedObjects loaded = LoadedObjects.open(file)) {
            assertThat(loaded.isLoaded("b", "one.csv", "\"e1\"")).isTrue();
            assertThat(loaded.isLoaded("b", "two.csv", "\"e3\"")).isTrue();
        }
    }
}
