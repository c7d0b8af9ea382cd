package io.kinesisopensearch.localstack.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;

/** Reads back every document of an index with its version and sequence number, to check what was written how often. */
public final class Documents {

    /** One stored document: {@code version} counts the writes it took, {@code seqNo} orders them in its shard. */
    public record Stored(String id, long version, long seqNo, JsonNode source) {
    }

    private Documents() {
    }

    public static List<Stored> all(OpenSearchClient openSearch, String index) {
        List<Stored> documents = new ArrayList<>();
        List<FieldValue> after = null;
        try {
            openSearch.indices().refresh(refresh -> refresh.index(index));
            while (true) {
                List<FieldValue> searchAfter = after;
                SearchResponse<JsonNode> page = openSearch.search(search -> {
                    search.index(index).size(1_000).version(true).seqNoPrimaryTerm(true)
                            .sort(sort -> sort.field(field -> field.field("_id")));
                    if (searchAfter != null) {
                        search.searchAfter(searchAfter);
                    }
                    return search;
                }, JsonNode.class);
                List<Hit<JsonNode>> hits = page.hits().hits();
                if (hits.isEmpty()) {
                    return documents;
                }
                for (Hit<JsonNode> hit : hits) {
                    documents.add(new Stored(hit.id(), hit.version(), hit.seqNo(), hit.source()));
                }
                after = hits.get(hits.size() - 1).sort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
