package io.kinesisopensearch.localstack.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;

/**
 * A reader of an alias that searches it without pause, as a busy application does, and notes what
 * a user would notice: a search that fails (or answers with failed shards), and a document seen in
 * one search that a later one lacks although the source did not delete it.
 */
public final class AliasPoller implements Runnable, AutoCloseable {

    private final OpenSearchClient openSearch;
    private final String alias;
    private final Predicate<String> deletedBySource;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;
    private final Set<String> seen = new HashSet<>();
    private final AtomicLong searches = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Set<String> disappeared = ConcurrentHashMap.newKeySet();
    private final Set<String> indexesSeen = ConcurrentHashMap.newKeySet();

    /**
     * @param deletedBySource whether the source deleted an id (then it may go)
     */
    public AliasPoller(OpenSearchClient openSearch, String alias, Predicate<String> deletedBySource) {
        this.openSearch = openSearch;
        this.alias = alias;
        this.deletedBySource = deletedBySource;
        this.thread = new Thread(this, "alias-poller");
        thread.setDaemon(true);
    }

    public AliasPoller start() {
        thread.start();
        return this;
    }

    @Override
    public void run() {
        while (!stop.get()) {
            SearchResponse<JsonNode> response;
            try {
                response = openSearch.search(search -> search.index(alias).size(10_000)
                        .source(source -> source.fetch(false)), JsonNode.class);
            } catch (Exception e) {
                failures.add(e.toString());
                continue;
            } finally {
                searches.incrementAndGet();
            }
            if (response.shards().failed() > 0) {
                failures.add("failed shards: " + response.shards().failures());
            }
            Set<String> now = new HashSet<>();
            for (Hit<JsonNode> hit : response.hits().hits()) {
                now.add(hit.id());
                indexesSeen.add(hit.index());
            }
            synchronized (seen) {
                for (String id : seen) {
                    if (!now.contains(id) && !deletedBySource.test(id)) {
                        disappeared.add(id);
                    }
                }
                seen.addAll(now);
            }
        }
    }

    public long searches() {
        return searches.get();
    }

    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** Ids a search lacked after an earlier one had them, the source's deletes aside. */
    public Set<String> disappeared() {
        return Set.copyOf(disappeared);
    }

    public int seenCount() {
        synchronized (seen) {
            return seen.size();
        }
    }

    /** The concrete indexes hits came from. */
    public Set<String> indexesSeen() {
        return Set.copyOf(indexesSeen);
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        thread.join(30_000);
    }
}
