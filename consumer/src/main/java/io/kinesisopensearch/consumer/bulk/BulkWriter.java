package io.kinesisopensearch.consumer.bulk;

import io.kinesisopensearch.retry.RetryPolicy;
import io.kinesisopensearch.consumer.WorkerStats;
import io.kinesisopensearch.mapping.DocumentAction;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * The one way documents reach OpenSearch: a batch becomes one or more bulk requests (see
 * {@link BulkPlan}), sent in order, with transient failures retried until each action is
 * acknowledged or refused for good.
 *
 * <p>Retriable and fatal are decided here, where the I/O happens: a connection failure, HTTP 429
 * and 5xx (for the whole request or one item) are retried with the {@link RetryPolicy}, and 429s
 * lower the worker's {@link ConcurrencyLimiter}; a version conflict on an external version means the
 * index already holds a newer change; any other item error is final and reported in the
 * {@link BulkResult}. Thread-safe: the shards of a worker share one writer.
 */
public final class BulkWriter {

    private static final Logger LOG = LoggerFactory.getLogger(BulkWriter.class);

    private final OpenSearchClient client;
    private final BulkConfig config;
    private final ConcurrencyLimiter limiter;
    private final WorkerStats stats;

    public BulkWriter(OpenSearchClient client, BulkConfig config, ConcurrencyLimiter limiter, WorkerStats stats) {
        this.client = client;
        this.config = config;
        this.limiter = limiter;
        this.stats = stats;
    }

    /**
     * Writes {@code actions} and returns once each one is acknowledged, stale, replaced or failed for
     * good. Actions for the same document are applied in list order.
     *
     * @throws InterruptedException if the thread is interrupted while waiting; what was not
     *                              acknowledged by then must be treated as not written
     */
    public BulkResult write(List<DocumentAction> actions) throws InterruptedException {
        BulkPlan plan = BulkPlan.of(actions, config.maxRequestBytes());
        Outcome outcome = new Outcome(actions.size());
        for (int position : plan.tooLarge()) {
            outcome.fail(position, 413, "document_too_large: " + BulkPlan.size(actions.get(position))
                    + " bytes exceed the bulk request limit of " + config.maxRequestBytes());
        }
        for (List<Integer> request : plan.requests()) {
            send(actions, request, outcome);
        }
        return outcome.result(plan.replacedBy(), stats);
    }

    private void send(List<DocumentAction> actions, List<Integer> positions, Outcome outcome)
            throws InterruptedException {
        List<Integer> pending = positions;
        int attempt = 0;
        for (; !pending.isEmpty(); attempt++) {
            if (attempt > 0) {
                stats.retry();
                Thread.sleep(config.retry().delay(attempt - 1).toMillis());
            }
            long ticket = limiter.acquire();
            boolean throttled = false;
            try {
                stats.bulkRequest();
                long sent = System.nanoTime();
                BulkResponse response = client.bulk(request(actions, pending));
                stats.bulkLatency(System.nanoTime() - sent);
                List<Integer> retry = new ArrayList<>();
                throttled = sortItems(actions, pending, response.items(), outcome, retry);
                pending = retry;
            } catch (IOException e) {
                logRetry(attempt, pending.size(), e.toString());
            } catch (OpenSearchException e) {
                throttled = e.status() == 429;
                if (!isRetriable(e.status())) {
                    for (int position : pending) {
                        outcome.fail(position, e.status(), e.getMessage());
                    }
                    return;
                }
                logRetry(attempt, pending.size(), "status " + e.status());
            } finally {
                limiter.release(ticket, throttled);
                if (throttled) {
                    stats.throttled();
                }
            }
        }
        if (attempt > 10) {
            LOG.info("Bulk request of {} actions went through after {} attempts", positions.size(), attempt);
        }
    }

    /** The first failure and every tenth after it: an outage must be visible without flooding the log. */
    private static void logRetry(int attempt, int actions, String cause) {
        if (attempt % 10 == 0) {
            LOG.warn("Bulk request of {} actions failed (attempt {}), will retry: {}", actions, attempt + 1, cause);
        }
    }

    /**
     * Records each item's outcome and collects the ones to send again. Once an item of a document
     * is retried, the later items of that document are retried with it, so that they are applied
     * after it again. Returns whether any item was throttled.
     */
    private static boolean sortItems(List<DocumentAction> actions, List<Integer> sent, List<BulkResponseItem> items,
            Outcome outcome, List<Integer> retry) {
        boolean throttled = false;
        Set<String> retriedDocuments = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            BulkResponseItem item = items.get(i);
            int position = sent.get(i);
            DocumentAction action = actions.get(position);
            ErrorCause error = item.error();
            if (!retriedDocuments.isEmpty() && retriedDocuments.contains(documentKey(action))) {
                retry.add(position);
            } else if (error == null) {
                outcome.acknowledge(position);
            } else if (item.status() == 409 && action.version() != null) {
                outcome.stale(position);
            } else if (isRetriable(item.status())) {
                throttled |= item.status() == 429;
                retry.add(position);
                retriedDocuments.add(documentKey(action));
            } else {
                outcome.fail(position, item.status(), error.type() + ": " + error.reason());
            }
        }
        return throttled;
    }

    private static String documentKey(DocumentAction action) {
        return action.index() + '/' + action.id();
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

    /** The outcome of each action sent, by position; replaced actions are resolved at the end. */
    private static final class Outcome {
        private static final byte ACKNOWLEDGED = 1;
        private static final byte STALE = 2;
        private static final byte FAILED = 3;

        private final byte[] state;
        private final BulkResult.ItemFailure[] failures;

        Outcome(int size) {
            state = new byte[size];
            failures = new BulkResult.ItemFailure[size];
        }

        void acknowledge(int position) {
            state[position] = ACKNOWLEDGED;
        }

        void stale(int position) {
            state[position] = STALE;
        }

        void fail(int position, int status, String reason) {
            state[position] = FAILED;
            failures[position] = new BulkResult.ItemFailure(position, status, reason);
        }

        BulkResult result(int[] replacedBy, WorkerStats stats) {
            int acknowledged = 0;
            int stale = 0;
            int replaced = 0;
            List<BulkResult.ItemFailure> failed = new ArrayList<>();
            for (int position = 0; position < state.length; position++) {
                int survivor = replacedBy[position];
                if (survivor != position) {
                    if (state[survivor] == FAILED) {
                        BulkResult.ItemFailure cause = failures[survivor];
                        failed.add(new BulkResult.ItemFailure(position, cause.status(), cause.reason()));
                    } else {
                        replaced++;
                    }
                } else if (state[position] == ACKNOWLEDGED) {
                    acknowledged++;
                } else if (state[position] == STALE) {
                    stale++;
                } else {
                    failed.add(failures[position]);
                }
            }
            stats.actionsAcknowledged(acknowledged);
            stats.staleVersions(stale);
            stats.actionsReplaced(replaced);
            stats.actionsFailed(failed.size());
            return new BulkResult(acknowledged, stale, replaced, failed);
        }
    }
}
