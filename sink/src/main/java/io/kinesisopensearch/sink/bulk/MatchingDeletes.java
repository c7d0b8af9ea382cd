package io.kinesisopensearch.sink.bulk;

import io.kinesisopensearch.mapping.DocumentAction;
import io.kinesisopensearch.retry.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the documents a query matches, through the {@link BulkWriter}: a search finds the ids a
 * page at a time and the writer deletes them, with its retries, holds and counters, so that these
 * deletes are held through an outage like every other write. Chosen over {@code _delete_by_query},
 * which runs on its own inside OpenSearch: its version conflicts, partial failures and throttling
 * would need a second set of rules beside the writer's.
 *
 * <p>Each round refreshes the indexes first, as a search sees only refreshed documents: without it a
 * document written a moment ago (the object loaded just before it was deleted) would be missed.
 */
public final class MatchingDeletes {

    private static final Logger LOG = LoggerFactory.getLogger(MatchingDeletes.class);
    private static final int PAGE = 1000;

    private final OpenSearchClient client;
    private final BulkWriter writer;
    private final RetryPolicy retry;
    private final WriteCounters stats;

    public MatchingDeletes(OpenSearchClient client, BulkWriter writer, RetryPolicy retry, WriteCounters stats) {
        this.client = client;
        this.writer = writer;
        this.retry = retry;
        this.stats = stats;
    }

    /**
     * Deletes what {@code query} matches in {@code indexes}; returns how many documents were deleted.
     *
     * @throws OutOfTimeException    when OpenSearch stayed unavailable until {@code deadline}
     * @throws IllegalStateException when OpenSearch refuses the search, or a delete, for good
     */
    public long delete(String indexes, Query query, Deadline deadline) throws InterruptedException, OutOfTimeException {
        List<String> targets = List.of(indexes.split(","));
        long deleted = 0;
        while (true) {
            List<Hit<JsonData>> hits = retrying(indexes, deadline, () -> {
                client.indices().refresh(refresh -> refresh.index(targets).ignoreUnavailable(true).allowNoIndices(true));
                SearchResponse<JsonData> response = client.search(search -> search.index(targets).query(query)
                        .size(PAGE).source(source -> source.fetch(false)).trackTotalHits(total -> total.enabled(false))
                        .ignoreUnavailable(true).allowNoIndices(true), JsonData.class);
                return response.hits().hits();
            });
            if (hits.isEmpty()) {
                return deleted;
            }
            List<DocumentAction> deletes = new ArrayList<>(hits.size());
            for (Hit<JsonData> hit : hits) {
                deletes.add(DocumentAction.delete(hit.index(), hit.id()).withRouting(hit.routing()));
            }
            BulkResult result = writer.write(deletes, deadline);
            if (!result.failures().isEmpty()) {
                BulkResult.ItemFailure first = result.failures().get(0);
                throw new IllegalStateException("OpenSearch refused to delete " + result.failures().size() + " of "
                        + deletes.size() + " documents matching the query, first " + deletes.get(first.position()).id()
                        + ": " + first.reason());
            }
            deleted += result.acknowledged();
        }
    }

    /** A read call that may throw what the client throws. */
    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException;
    }

    private <T> T retrying(String indexes, Deadline deadline, Call<T> call) throws InterruptedException, OutOfTimeException {
        for (int attempt = 0; ; attempt++) {
            try {
                return call.run();
            } catch (IOException | OpenSearchException e) {
                Refusal refusal = Refusal.of(e, indexes);
                if (refusal.verdict() == ItemVerdict.REJECT_DOCUMENT) {
                    throw new IllegalStateException("OpenSearch refused the search for documents to delete in "
                            + indexes + ": " + refusal, e);
                }
                Duration delay = retry.delay(attempt);
                if (!deadline.allows(delay)) {
                    throw new OutOfTimeException("The search for documents to delete in " + indexes + " failed "
                            + (attempt + 1) + " times, " + deadline + ": " + refusal);
                }
                if (attempt % 10 == 0) {
                    LOG.warn("Search for documents to delete in {} failed (attempt {}), will retry: {}", indexes,
                            attempt + 1, refusal);
                }
                stats.retry();
                Thread.sleep(delay.toMillis());
            }
        }
    }
}
