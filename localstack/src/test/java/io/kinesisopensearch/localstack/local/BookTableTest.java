package io.kinesisopensearch.localstack.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class BookTableTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theWritesInsertUpdateTwiceWithinASecondAndDelete() {
        List<BookTable.Write> writes = BookTable.writes();
        assertThat(writes).hasSize(14);
        assertThat(BookTable.summary(writes)).isEqualTo(
                "10 puts; 3 updates: a field added, one item changed twice within a second; 1 delete");
        // The two changes of one item follow each other, nothing between them to slow the second down.
        int first = writes.indexOf(writes.stream().filter(write -> write.operation().equals("UpdateItem")
                && write.bookTitle().equals("The Name of the Rose")).findFirst().orElseThrow());
        assertThat(writes.get(first + 1).id()).isEqualTo(writes.get(first).id());
        assertThat(writes.get(first + 1).operation()).isEqualTo("UpdateItem");
        // The delete removes a book put earlier: 9 remain.
        Set<String> books = new TreeSet<>();
        for (BookTable.Write write : writes) {
            if (write.operation().equals("DeleteItem")) {
                assertThat(books.remove(write.id())).as("deletes %s, put before", write.id()).isTrue();
            } else {
                books.add(write.id());
            }
        }
        assertThat(books).hasSize(9);
    }

    @Test
    void attributeValuesBecomeWhatTheMappingWrites() throws Exception {
        ObjectNode plain = JSON.createObjectNode();
        Map<String, AttributeValue> item = Map.of(
                "s", AttributeValue.fromS("x"),
                "n", AttributeValue.fromN("4.50"),
                "bool", AttributeValue.fromBool(true),
                "null", AttributeValue.fromNul(true),
                "l", AttributeValue.fromL(List.of(AttributeValue.fromS("a"), AttributeValue.fromN("1"))),
                "m", AttributeValue.fromM(Map.of("k", AttributeValue.fromS("v"))),
                "ss", AttributeValue.fromSs(List.of("b", "a")),
                "b", AttributeValue.fromB(SdkBytes.fromUtf8String("hi")));
        item.forEach((name, value) -> plain.set(name, BookTable.plain(value)));
        JsonNode expected = JSON.readTree("""
                {"s":"x","n":4.50,"bool":true,"null":null,"l":["a",1],"m":{"k":"v"},"ss":["b","a"],"b":"aGk="}""");
        assertThat(BookTable.differences(Map.of("id", expected), Map.of("id", plain))).isEmpty();
    }

    @Test
    void differencesNameWhatIsMissingExtraOrChanged() throws Exception {
        Map<String, JsonNode> table = new TreeMap<>();
        table.put("Dan Brown|Inferno", JSON.readTree("{\"year\":2013}"));
        table.put("Dan Brown|Origin", JSON.readTree("{\"year\":2017,\"rating\":4.50}"));
        Map<String, JsonNode> index = new TreeMap<>();
        index.put("Dan Brown|Origin", JSON.readTree("{\"year\":2017,\"rating\":4.5}"));
        assertThat(BookTable.differences(table, index)).containsExactly(
                "  missing from the index: Dan Brown|Inferno {\"year\":2013}");
        index.put("Dan Brown|Inferno", JSON.readTree("{\"year\":2014}"));
        index.put("Dan Brown|Digital Fortress", JSON.createObjectNode());
        assertThat(BookTable.differences(table, index)).hasSize(2)
                .anyMatch(line -> line.contains("not in the table: Dan Brown|Digital Fortress"))
                .anyMatch(line -> line.contains("Dan Brown|Inferno: index {\"year\":2014}, table {\"year\":2013}"));
    }

    @Test
    void fragmentsForTheConsoleBracketTheMatches() {
        assertThat(BookSearch.forConsole("<em>Angels &amp; Demons</em> &lt;1&gt;")).isEqualTo("[Angels & Demons] <1>");
    }

    @Test
    void bothTemplatesAreJsonAndOnlyAnalysisCommonsHasPrefixes() throws Exception {
        for (SearchIndexes.Analysis analysis : SearchIndexes.Analysis.values()) {
            JsonNode template = JSON.readTree(SearchIndexes.template(List.of("books", "logs-*"), analysis));
            assertThat(template.path("index_patterns")).hasSize(2);
            JsonNode fields = template.findPath("fields");
            assertThat(fields.has("joined")).isTrue();
            assertThat(fields.has("prefix")).isEqualTo(analysis == SearchIndexes.Analysis.COMMON);
        }
    }
}
