package io.kinesisopensearch.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;

/** What tests and the demo ask of an index. */
public final class Indexes {

    private Indexes() {
    }

    /** How many documents of {@code index} a search sees now (after a refresh); 0 while the index does not exist. */
    public static long searchableDocuments(OpenSearchClient openSearch, String index) {
        try {
            openSearch.indices().refresh(refresh -> refresh.index(index));
            return openSearch.count(count -> count.index(index)).count();
        } catch (OpenSearchException e) {
            if (e.status() == 404) {
                return 0;
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot count the documents of " + index, e);
        }
    }
}
