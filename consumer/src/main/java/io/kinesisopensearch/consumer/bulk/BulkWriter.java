package io.kinesisopensearch.consumer.bulk;

import io.kinesisopensearch.consumer.WorkerStats;
import io.kinesisopensearch.mapping.DocumentAction;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch.core.BulkRequest;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way documents reach OpenSearch: bulk requests, with transient failures retried until each
 * action is acknowledged or refused for good.
 *
 * <p>Retriable and fatal are decided here, where the I/O happens: a connection failure, HTTP 429
 * and 5xx (for the whole request or one item) are retried with the {@link RetryPolicy}; a version
 * conflict on an external version means the index already holds a newer change; any other item
 * error is final and reported in the {@link BulkResult}.
 */
public final class BulkWriter {

    private static final Logger LOG = LoggerFactory.getLogger(BulkWriter.class);

    private final OpenSearchClient client;
    private final RetryPolicy retryPolicy;
    private final WorkerStats stats;

    public BulkWriter(OpenSearchClient client, RetryPolicy retryPolicy, WorkerStats stats) {
        this.client = client;
        this.retryPolicy = retryPolicy;
        this.stats = stats;
    }

    /**
     * Writes {@code actions} and returns once each one is acknowledged, stale or failed for good.
     *
     * @throws InterruptedException if the thread is interrupted while waiting to retry; what was
     *                              not acknowledged by then must be treated as not written
     */
    public BulkResult write(List<DocumentAction> actions) throws InterruptedException {
        List<Integer> pending = new ArrayList<>(actions.size());
        for (int i = 0; i < actions.size(); i++) {
            pending.add(i);
        }
        int acknowledged = 0;
        int stale = 0;
        List<BulkResult.ItemFailure> failures = new ArrayList<>();
        int attempt = 0;
        while (!pending.isEmpty()) {
            if (attempt > 0) {
                stats.retry();
                Thread.sleep(retryPolicy.delay(attempt - 1).toMillis());
            }
            attempt++;
            BulkResponse response;
            try {
                stats.bulkRequest();
                response = client.bulk(request(actions, pending));
            } catch (IOException e) {
                LOG.warn("Bulk request of {} actions failed, will retry: {}", pending.size(), e.toString());
                continue;
            } catch (OpenSearchException e) {
                if (!isRetriable(e.status())) {
                    throw e;
                }
                LOG.warn("Bulk request of {} actions answered {}, will retry: {}", pending.size(), e.status(),
                        e.getMessage());
                continue;
            }
            List<Integer> retry = new ArrayList<>();
            List<BulkResponseItem> items = response.items();
            for (int i = 0; i < items.size(); i++) {
                BulkResponseItem item = items.get(i);
                int position = pending.get(i);
                ErrorCause error = item.error();
                if (error == null) {
                    acknowledged++;
                } else if (item.status() == 409 && actions.get(position).version() != null) {
                    stale++;
                } else if (isRetriable(item.status())) {
                    retry.add(position);
                } else {
                    failures.add(new BulkResult.ItemFailure(position, item.status(), error.type() + ": " + error.reason()));
                }
            }
            if (!retry.isEmpty()) {
                LOG.debug("{} of {} bulk items were rejected for now, will retry", retry.size(), pending.size());
            }
            pending = retry;
        }
        stats.actionsAcknowledged(acknowledged);
        stats.staleVersions(stale);
        stats.actionsFailed(failures.size());
        return new BulkResult(acknowledged, stale, failures);
    }

    private static boolean isRetriable(int status) {
        return status == 429 || status >= 500;
    }

    private static BulkRequest request(List<DocumentAction> actions, List<Integer> positions) {
        List<BulkOperation> operations = new ArrayList<>(positions.size());
        for (int position : positions) {
            operations.add(operation(actions.get(position)));
        }
        return new BulkRequest.Builder().operations(operations).build();
    }

    private static BulkOperation operation(DocumentAction action) {
        return switch (action.type()) {
            case INDEX -> BulkOperation.of(op -> op.index(index -> {
                index.index(action.index()).id(action.id()).routing(action.routing()).document(new RawJson(action.source()));
                if (action.version() != null) {
                    index.version(action.version()).versionType(versionType(action));
                }
                return index;
            }));
            case UPSERT -> BulkOperation.of(op -> op.update(update -> update
                    .index(action.index()).id(action.id()).routing(action.routing())
                    .document(new RawJson(action.source())).docAsUpsert(true)));
            case DELETE -> BulkOperation.of(op -> op.delete(delete -> {
                delete.index(action.index()).id(action.id()).routing(action.routing());
                if (action.version() != null) {
                    delete.version(action.version()).versionType(versionType(action));
                }
                return delete;
            }));
        };
    }

    private static org.opensearch.client.opensearch._types.VersionType versionType(DocumentAction action) {
        return switch (action.versionType()) {
            case EXTERNAL -> org.opensearch.client.opensearch._types.VersionType.External;
            case EXTERNAL_GTE -> org.opensearch.client.opensearch._types.VersionType.ExternalGte;
        };
    }
}
