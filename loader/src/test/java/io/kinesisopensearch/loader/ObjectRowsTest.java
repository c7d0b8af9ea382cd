package io.kinesisopensearch.loader;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisopensearch.decode.Gzip;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ObjectRowsTest {

    private static List<ObjectRows.Row> rows(byte[] data, char quote, AtomicLong bytes) throws IOException {
        List<ObjectRows.Row> rows = new ArrayList<>();
        try (ObjectRows reader = new ObjectRows(new ByteArrayInputStream(data), bytes::addAndGet, quote, '\0')) {
            for (ObjectRows.Row row = reader.next(); row != null; row = reader.next()) {
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void linesAreNumberedFromOneAndBlankLinesSkipped() throws IOException {
        AtomicLong bytes = new AtomicLong();
        byte[] data = "{\"a\":1}\n\n{\"a\":2}\r\n{\"a\":3}".getBytes(StandardCharsets.UTF_8);
        assertThat(rows(data, '\0', bytes)).containsExactly(new ObjectRows.Row(1, "{\"a\":1}"),
                new ObjectRows.Row(3, "{\"a\":2}"), new ObjectRows.Row(4, "{\"a\":3}"));
        assertThat(bytes.get()).isEqualTo(data.length);
    }

    @Test
    void gzipIsRecognisedByItsMagicBytesAndTheStoredBytesCounted() throws IOException {
        AtomicLong bytes = new AtomicLong();
        byte[] data = Gzip.compress("id,name\n1,one\n2,two\n");
        assertThat(rows(data, '"', bytes)).extracting(ObjectRows.Row::text).containsExactly("id,name", "1,one", "2,two");
        assertThat(bytes.get()).isEqualTo(data.length);
    }

    @Test
    void aQuotedCsvFieldWithLineBreaksIsOneRowNamedByItsFirstLine() throws IOException {
        byte[] data = "id,note\n1,\"two\nlines\"\n2,\"a \"\"quoted\"\" word\"\n3,\"never closed\n"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(rows(data, '"', new AtomicLong())).containsExactly(new ObjectRows.Row(1, "id,note"),
                new ObjectRows.Row(2, "1,\"two\nlines\""), new ObjectRows.Row(4, "2,\"a \"\"quoted\"\" word\""),
                new ObjectRows.Row(5, "3,\"never closed"));
    }

    @Test
    void anUnclosedQuoteTakesNoMoreLinesOnceTheRowIsLarge() throws IOException {
        String line = "x".repeat(1_000);
        StringBuilder text = new StringBuilder("1,\"open\n");
        for (int i = 0; i < 3_000; i++) {
            text.append(line).append('\n');
        }
        List<ObjectRows.Row> rows = rows(text.toString().getBytes(StandardCharsets.UTF_8), '"', new AtomicLong());
        assertThat(rows.get(0).text().length()).isBetween(ObjectRows.MAX_ROW_CHARS, ObjectRows.MAX_ROW_CHARS + 1_001);
        assertThat(rows).hasSizeGreaterThan(1);
    }

    @Test
    void withoutQuoteEveryLineIsARow() throws IOException {
        byte[] data = "{\"note\":\"a \\\" quote\"}\n{\"b\":2}\n".getBytes(StandardCharsets.UTF_8);
        assertThat(rows(data, '\0', new AtomicLong())).hasSize(2);
    }
}
