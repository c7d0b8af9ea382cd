package io.kinesisopensearch.loader;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kinesisopensearch.decode.Json;
import io.kinesisopensearch.mapping.DocumentAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectMarkTest {

    @Test
    void indexActionsCarryTheObjectAndTheLoadAsSingleHexTokensAndDeletesStayAsTheyAre() throws Exception {
        ObjectMark first = ObjectMark.newLoad("s3", "catalogue", "books/day 1.csv");
        ObjectMark second = ObjectMark.newLoad("s3", "catalogue", "books/day 1.csv");
        DocumentAction index = DocumentAction.index("books", "9780307474278", json("{\"title\":\"The Da Vinci Code\"}"));
        DocumentAction delete = DocumentAction.delete("books", "old");

        List<DocumentAction> marked = first.apply(List.of(index, delete));

        JsonNode source = Json.mapper().readTree(marked.get(0).source());
        assertThat(source.path("title").asText()).isEqualTo("The Da Vinci Code");
        assertThat(source.path("s3").path("key").asText()).isEqualTo("books/day 1.csv");
        assertThat(source.path("s3").path("object").asText()).matches("[0-9a-f]{32}").isEqualTo(second.object());
        assertThat(source.path("s3").path("load").asText()).matches("[0-9a-f]{32}").isNotEqualTo(second.load());
        assertThat(marked.get(0).id()).isEqualTo("9780307474278");
        assertThat(marked.get(1)).isEqualTo(delete);
        assertThat(ObjectMark.objectHash("catalogue", "books/day 2.csv")).isNotEqualTo(first.object());
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
