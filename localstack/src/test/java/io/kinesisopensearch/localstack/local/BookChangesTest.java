package io.kinesisopensearch.localstack.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.mapping.DocumentAction;
import io.kinesisopensearch.mapping.RecordMapper;
import io.kinesisopensearch.record.RecordCoordinates;
import io.kinesisopensearch.record.SourceRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BookChangesTest {

    private final BookChanges books = new BookChanges();

    @Test
    void theFinalStateAppliesTheChangesInTheOrderTheyHappened() {
        Map<String, JsonNode> state = books.finalState();
        assertThat(state).hasSize(9).doesNotContainKey("Dan Brown|Digital Fortress")
                .containsKey("Dan Brown|Deception Point");
        assertThat(state.get("Dan Brown|The Da Vinci Code").path("rating").decimalValue()).isEqualByComparingTo("4.5");
        assertThat(state.get("Umberto Eco|The Name of the Rose").path("translator").asText()).isEqualTo("William Weaver");
    }

    @Test
    void theStreamDeliversOneChangeTwiceAndOneBeforeAnOlderOne() {
        List<BookChanges.Change> delivered = books.delivered();
        assertThat(delivered).hasSize(books.changes().size() + 1);
        assertThat(delivered.get(0).eventName()).isEqualTo("MODIFY");
        assertThat(delivered.get(0).micros()).isGreaterThan(delivered.get(9).micros());
        assertThat(delivered.stream().distinct().count()).isEqualTo(books.changes().size());
    }

    @Test
    void theRecordsMapToVersionedActionsKeyedByTheTableKey() throws Exception {
        RecordMapper mapper = RecordMapper.from(Settings.of(Map.of("opensearch.index", "books", "mapping.format", "dynamodb")));
        Map<String, Long> versions = new TreeMap<>();
        for (BookChanges.Change change : books.changes()) {
            RecordCoordinates at = new RecordCoordinates("books", "shardId-000000000000", "1", 0, change.author(),
                    Instant.now());
            for (DocumentAction action : mapper.map(new SourceRecord(at, BookChanges.record(change)))) {
                assertThat(action.id()).isEqualTo(change.id());
                versions.put(action.id() + "@" + change.micros(), action.version());
            }
        }
        assertThat(versions).hasSize(books.changes().size());
    }

    @Test
    void differencesNameWhatIsMissingExtraOrChanged() {
        Map<String, JsonNode> index = new TreeMap<>(books.finalState());
        assertThat(books.differences(index)).isEmpty();
        index.remove("Dan Brown|Inferno");
        ObjectNode changed = ((ObjectNode) index.get("Dan Brown|Origin").deepCopy()).put("year", 2018);
        index.put("Dan Brown|Origin", changed);
        index.put("Dan Brown|Digital Fortress", new ObjectMapper().createObjectNode());
        assertThat(books.differences(index)).hasSize(3)
                .anyMatch(line -> line.contains("missing from the index: Dan Brown|Inferno"))
                .anyMatch(line -> line.contains("not in the table: Dan Brown|Digital Fortress"))
                .anyMatch(line -> line.contains("Dan Brown|Origin: index"));
    }

    @Test
    void fragmentsForTheConsoleBracketTheMatches() {
        assertThat(BookSearch.forConsole("<em>Angels &amp; Demons</em> &lt;1&gt;")).isEqualTo("[Angels & Demons] <1>");
    }
}
