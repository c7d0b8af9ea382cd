package io.kinesisopensearch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchDocumentsTest {

    @Test
    void theSameSeedGivesTheSameDocumentsWithDistinctIdsOfAFewKilobytes() throws Exception {
        List<BenchDocuments.Doc> first = BenchDocuments.generate(2_000, 7);
        List<BenchDocuments.Doc> again = BenchDocuments.generate(2_000, 7);
        List<BenchDocuments.Doc> other = BenchDocuments.generate(2_000, 8);

        for (int i = 0; i < first.size(); i++) {
            assertThat(again.get(i).json()).isEqualTo(first.get(i).json());
        }
        assertThat(other.get(0).json()).isNotEqualTo(first.get(0).json());
        assertThat(new HashSet<>(first.stream().map(BenchDocuments.Doc::id).toList())).hasSize(2_000);
        assertThat(first).allSatisfy(doc -> assertThat(doc.json().length).isBetween(200, 4_096));
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(first.get(42).json()).get("id").asText()).isEqualTo(first.get(42).id());
    }
}
