package io.kinesisopensearch.loader;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisopensearch.sink.batch.Ledger;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadProgressTest {

    @Test
    void onAConsoleABarIsRedrawnInPlaceAndEndsWithALineBreak() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LoadProgress progress = new LoadProgress(new PrintStream(out, true, StandardCharsets.UTF_8), true,
                Duration.ofSeconds(5), 4)) {
            progress.skipped();
            progress.bytesRead(2_500_000);
            progress.loaded(new ObjectLoader.Counts("\"e\"", 1_000, 990, 5, 5, Ledger.Account.NONE));
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).startsWith("\r[############------------] 2/4 objects (1 skipped as loaded),"
                + " 995 documents (5 stale), 5 dead letters, 2.50 MB, ").endsWith("\n").doesNotContain("S3 load:");
    }

    @Test
    void elsewhereEachLineStandsAlone() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LoadProgress progress = new LoadProgress(new PrintStream(out, true, StandardCharsets.UTF_8), false,
                Duration.ofSeconds(5), 0)) {
            assertThat(progress.line()).startsWith("S3 load: 0/0 objects");
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).matches("S3 load: 0/0 objects .* MB/s, \\d+ s\\R");
    }
}
