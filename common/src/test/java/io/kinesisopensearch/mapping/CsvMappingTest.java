package io.kinesisopensearch.mapping;

import static io.kinesisopensearch.Fixtures.AT;
import static io.kinesisopensearch.Fixtures.json;
import static io.kinesisopensearch.Fixtures.mapper;
import static io.kinesisopensearch.Fixtures.record;
import static io.kinesisopensearch.Fixtures.source;
import static io.kinesisopensearch.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.record.MappingException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvMappingTest {

    @Test
    void theHeaderLineNamesTheColumnsAndEachLineBecomesADocument() throws Exception {
        String csv = "orderId,customer,amount\r\no-1,\"Smith, Jane\",12.50\r\no-2,\"He said \"\"hi\"\"\",3\r\n";

        List<DocumentAction> actions = mapper("mapping.format", "csv", "mapping.id-pointer", "/orderId",
                "mapping.csv.types", "amount:number").map(record(csv));

        assertThat(actions).extracting(DocumentAction::id).containsExactly("o-1", "o-2");
        assertThat(text(actions.get(0))).isEqualTo("{\"orderId\":\"o-1\",\"customer\":\"Smith, Jane\",\"amount\":12.50}");
        assertThat(source(actions.get(1)).get("customer").asText()).isEqualTo("He said \"hi\"");
    }

    @Test
    void configuredColumnsTypesDelimiterAndEscape() throws Exception {
        String tsv = "o-1\t12.5\ttrue\t2026-11-21 10:15:30\tline one\\\tstill\n"
                + "o-2\t\tFALSE\t1763720130\t\"quoted\ttab\"\n";

        List<DocumentAction> actions = mapper("mapping.format", "csv", "mapping.csv.delimiter", "tab",
                "mapping.csv.escape", "\\", "mapping.csv.columns", "id,amount,paid,at,note",
                "mapping.csv.types", "amount:number,paid:boolean,at:timestamp").map(record(tsv));

        assertThat(source(actions.get(0))).isEqualTo(json(
                "{\"id\":\"o-1\",\"amount\":12.5,\"paid\":true,\"at\":\"2026-11-21T10:15:30Z\",\"note\":\"line one\\tstill\"}"));
        assertThat(source(actions.get(1))).isEqualTo(json(
                "{\"id\":\"o-2\",\"amount\":null,\"paid\":false,\"at\":\"2025-11-21T10:15:30Z\",\"note\":\"quoted\\ttab\"}"));
        assertThat(actions).extracting(DocumentAction::id).containsExactly(AT.documentId() + "#0", AT.documentId() + "#1");
    }

    @Test
    void aQuotedFieldMaySpanLines() throws Exception {
        List<DocumentAction> actions = mapper("mapping.format", "csv", "mapping.csv.columns", "id,note")
                .map(record("1,\"two\nlines\"\n2,x"));

        assertThat(actions).hasSize(2);
        assertThat(source(actions.get(0)).get("note").asText()).isEqualTo("two\nlines");
    }

    @Test
    void aMalformedLineIsAnErrorForThatLineOnly() {
        String csv = "id,amount\n"
                + "a,1\n"
                + "b,2,extra\n"
                + "c,not-a-number\n"
                + "\"d,4\n";
        RecordMapper mapper = mapper("mapping.format", "csv", "mapping.csv.types", "amount:number");

        MappingResult result = mapper.mapEach(record(csv + "e,5\n"));

        assertThat(result.actions()).extracting(a -> source(a).get("id").asText()).containsExactly("a");
        assertThat(result.errors()).extracting(MappingException::reason).containsExactly(
                "CSV line 3: expected 2 columns but found 3",
                "CSV line 4: column amount: 'not-a-number' is not a number",
                "CSV line 5: a quoted field starting in column 1 is not closed");
        assertThat(result.errors().get(0).getMessage()).startsWith("Cannot map record stream=events shard=shardId-000000000001");

        MappingResult recovered = mapper.mapEach(record("id,amount\nx,\"1\"2\ny,3\n"));
        assertThat(recovered.actions()).extracting(a -> source(a).get("id").asText()).containsExactly("y");
        assertThat(recovered.errors()).extracting(MappingException::reason)
                .containsExactly("CSV line 2: unexpected '2' after the closing quote in column 2");
        assertThat(recovered.actions().get(0).id()).endsWith("#1");
    }

    @Test
    void mapIsAllOrNothingAndSaysHowManyLinesFailed() {
        RecordMapper mapper = mapper("mapping.format", "csv");

        assertThatThrownBy(() -> mapper.map(record("a,b\n1\n2\n3,4\n")))
                .isInstanceOf(MappingException.class)
                .hasMessageEndingWith("CSV line 2: expected 2 columns but found 1 (and 1 more parts of the record failed)");
    }

    @Test
    void aBadHeaderFailsTheRecord() {
        assertThatThrownBy(() -> mapper("mapping.format", "csv").map(record("a,a\n1,2\n")))
                .hasMessageEndingWith("CSV header line 1: column names must be non-empty and distinct");
        assertThatThrownBy(() -> mapper("mapping.format", "csv").map(record("\"a,b\n1,2\n")))
                .hasMessageEndingWith("CSV header line 1: a quoted field starting in column 1 is not closed");
    }

    @Test
    void aSkippedHeaderLineIsNotADocument() throws Exception {
        List<DocumentAction> actions = mapper("mapping.format", "csv", "mapping.csv.columns", "x,y",
                "mapping.csv.header", "skip").map(record("col1,col2\n1,2\n"));

        assertThat(actions).singleElement().satisfies(a -> assertThat(text(a)).isEqualTo("{\"x\":\"1\",\"y\":\"2\"}"));
    }

    @Test
    void textThatIsNotUtf8IsAMappingError() {
        byte[] latin1 = {'a', '\n', (byte) 0xe9, '\n'};

        assertThatThrownBy(() -> mapper("mapping.format", "csv").map(io.kinesisopensearch.Fixtures.record(latin1)))
                .hasMessageEndingWith("not UTF-8 text: invalid byte at offset 2");
    }
}
