package io.kinesisopensearch.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvOptionsTest {

    private static final CsvOptions WITH_HEADER = new CsvOptions(';', '"', '\0', CsvHeader.USE, List.of(),
            Map.of("amount", ColumnType.NUMBER), TimestampFormat.AUTO);

    @Test
    void aHeaderLineBecomesTheColumnsOfRowsReadWithoutOne() {
        CsvOptions rows = WITH_HEADER.withHeader(" id ;\"name; full\";amount");
        assertThat(rows.columns()).containsExactly("id", "name; full", "amount");
        assertThat(rows.header()).isEqualTo(CsvHeader.NONE);
        assertThat(rows.types()).isEqualTo(WITH_HEADER.types());
        assertThat(rows.delimiter()).isEqualTo(';');
    }

    @Test
    void aHeaderWithEmptyOrRepeatedNamesOrAnOpenQuoteIsRefused() {
        assertThatThrownBy(() -> WITH_HEADER.withHeader("id;;amount")).hasMessageContaining("non-empty and distinct");
        assertThatThrownBy(() -> WITH_HEADER.withHeader("id;ID;id")).hasMessageContaining("non-empty and distinct");
        assertThatThrownBy(() -> WITH_HEADER.withHeader("id;\"name")).hasMessageStartingWith("CSV header: ");
    }
}
