package io.kinesisopensearch.sink.bulk;

import io.kinesisopensearch.decode.ActionType;
import io.kinesisopensearch.mapping.DocumentAction;
import io.kinesisopensearch.mapping.VersionType;
import io.kinesisopensearch.retry.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 * <p>What to do with each refusal is decided here, where the I/O happens (see {@link ItemVerdict}):
 * a connection failure, HTTP 429 and 5xx (for the whole request or one item) are retried with the
 * {@link RetryPolicy}, and 429s lower the worker's {@link ConcurrencyLimiter}; refusals an operator
 * can fix (a write block, a closed or missing index, 401/403) are held and retried the same way,
 * never given up, under the worker's {@link OperatorHold}; a version conflict on an external version
 * means the index already holds a newer change; what is wrong with a document itself is final and
 * reported in the {@link BulkResult}. Thread-safe: the shards of a worker share one writer.
 */
public final class BulkWriter {

    private static final Logger LOG = LoggerFactory.getLogger(BulkWriter.class);

    /** Where the requests go, for log lines. */
    private final String destination;
    private final OpenSearchClient client;
    private final BulkConfig config;
    private final ConcurrencyLimiter limiter;
    private final WriteCounters stats;
    private final OperatorHold hold;
    /** Copies while a reindex of an alias written through runs; null for a writer that never copies. */
    private final DualWrites dualWrites;

    public BulkWriter(OpenSearchClient client, BulkConfig config, ConcurrencyLimiter limiter, WriteCounters stats) {
        this(client, config, limiter, stats, "OpenSearch", null);
    }

    /**
     * As {@link #BulkWriter(OpenSearchClient, BulkConfig, ConcurrencyLimiter, WriteCounters)}, naming
     * where the requests go ({@code OpenSearch at https://...}) in the lines about failed requests,
     * and copying what it writes through the aliases {@code dualWrites} watches while a reindex of
     * them runs ({@code dualWrites} null: never copies).
     */
    public BulkWriter(OpenSearchClient client, BulkConfig config, ConcurrencyLimiter limiter, WriteCounters stats,
            String destination, DualWrites dualWrites) {
        this.destination = destination;
        this.client = client;
        this.config = config;
        this.limiter = limiter;
        this.stats = stats;
        this.hold = new OperatorHold(stats, System::nanoTime);
        this.dualWrites = dualWrites;
    }

    /**
     * Writes {@code actions} and returns once each one is acknowledged, stale, replaced or failed for
     * good. Actions for the same document are applied in list order.
     *
     * @throws InterruptedException if the thread is interrupted while waiting; what was not
     *                              acknowledged by then must be treated as not written
     */
    public BulkResult write(List<DocumentAction> actions) throws InterruptedException {
        try {
            return write(actions, Deadline.NONE);
        } catch (OutOfTimeException e) {
            throw new IllegalStateException("a write without deadline ran out of time", e);
        }
    }

    /**
     * Like {@link #write(List)}, but stops retrying (connection errors, 429, 5xx, held refusals) when
     * the next backoff would end past {@code deadline}.
     *
     * @throws OutOfTimeException when the deadline came first; treat every action as not written
     */
    public BulkResult write(List<DocumentAction> actions, Deadline deadline)
            throws InterruptedException, OutOfTimeException {
        return write(actions, deadline, WriteWaits.NONE);
    }

    /**
     * Like {@link #write(List, Deadline)}, telling {@code waits} after each attempt what the write
     * waits on (a hold, a retry) or that it went through.
     *
     * @throws OutOfTimeException when the deadline came first; treat every action as not written
     */
    public BulkResult write(List<DocumentAction> actions, Deadline deadline, WriteWaits waits)
            throws InterruptedException, OutOfTimeException {
        BulkPlan plan = BulkPlan.of(actions, config.maxRequestBytes());
        BulkOutcome outcome = new BulkOutcome(actions.size(), dualWrites != null && dualWrites.watchesAny());
        for (int position : plan.tooLarge()) {
            outcome.fail(position, 413, "document_too_large: " + BulkPlan.size(actions.get(position))
                    + " bytes exceed the bulk request limit of " + config.maxRequestBytes());
        }
        OperatorHold.Member member = hold.member();
        try {
            for (List<Integer> request : plan.requests()) {
                send(actions, request, outcome, member, deadline, waits, false);
            }
            if (outcome.tracksWrites()) {
                // Before the result: the batch is done only once its copies are too.
                copy(actions, plan, outcome, member, deadline, waits);
            }
        } finally {
            member.clear();
        }
        return outcome.result(plan.replacedBy(), stats);
    }

    /**
     * Writes a copy of each action acknowledged through a watched alias to the other index of the
     * alias's reindex, if one runs: with the version the alias's index gave the action, so that a
     * copy and the reindex's backfill of the same document are ordered by version, not by arrival.
     */
    private void copy(List<DocumentAction> actions, BulkPlan plan, BulkOutcome outcome, OperatorHold.Member member,
            Deadline deadline, WriteWaits waits) throws InterruptedException, OutOfTimeException {
        Map<String, Map<String, String>> targets = new HashMap<>();
        List<DocumentAction> copies = new ArrayList<>();
        for (List<Integer> request : plan.requests()) {
            for (int position : request) {
                DocumentAction action = actions.get(position);
                String written = outcome.writtenIndex(position);
                if (written == null || !dualWrites.watches(action.index())) {
                    continue;
                }
                Map<String, String> pair = targets.get(action.index());
                if (pair == null) {
                    pair = dualWrites.copies(action.index(), deadline);
                    targets.put(action.index(), pair);
                }
                String other = otherIndex(pair, written);
                if (other != null) {
                    copies.add(copyOf(action, pair.get(other), outcome.writtenVersion(position)));
                }
            }
        }
        if (copies.isEmpty()) {
            return;
        }
        BulkPlan copyPlan = BulkPlan.of(copies, config.maxRequestBytes());
        BulkOutcome copyOutcome = new BulkOutcome(copies.size(), false);
        for (List<Integer> request : copyPlan.requests()) {
            send(copies, request, copyOutcome, member, deadline, waits, true);
        }
        copyOutcome.tell(copyPlan.replacedBy(), copies, dualWrites);
    }

    /** The index of the pair that {@code written} is not, or null when it is not one of them (or none runs). */
    private static String otherIndex(Map<String, String> pair, String written) {
        if (!pair.containsKey(written)) {
            return null;
        }
        for (String index : pair.keySet()) {
            if (!index.equals(written)) {
                return index;
            }
        }
        return null;
    }

    /** {@code action} through {@code copyAlias}, with the version its first write was given. */
    static DocumentAction copyOf(DocumentAction action, String copyAlias, Long version) {
        if (action.type() == ActionType.UPSERT || version == null) {
            return new DocumentAction(action.type(), copyAlias, action.id(), action.routing(), null, null,
                    action.source());
        }
        return new DocumentAction(action.type(), copyAlias, action.id(), action.routing(), version,
                action.versionType() != null ? action.versionType() : VersionType.EXTERNAL_GTE, action.source());
    }

    private void send(List<DocumentAction> actions, List<Integer> positions, BulkOutcome outcome,
            OperatorHold.Member member, Deadline deadline, WriteWaits waits, boolean copies)
            throws InterruptedException, OutOfTimeException {
        List<Integer> pending = positions;
        int attempt = 0;
        for (; !pending.isEmpty(); attempt++) {
            if (attempt > 0) {
                Duration delay = config.retry().delay(attempt - 1);
                if (!deadline.allows(delay)) {
                    throw new OutOfTimeException("Bulk request of " + pending.size() + " actions not written after "
                            + attempt + " attempts, " + deadline);
                }
                stats.retry();
                Thread.sleep(delay.toMillis());
            }
            waits.sending("a bulk request of " + pending.size() + " actions, not answered yet");
            long ticket = limiter.acquire();
            Attempt result = new Attempt();
            try {
                stats.bulkRequest();
                long sent = System.nanoTime();
                BulkResponse response = client.bulk(request(actions, pending, copies));
                stats.bulkLatency(System.nanoTime() - sent);
                sortItems(actions, pending, response.items(), outcome, result, copies);
            } catch (IOException | OpenSearchException e) {
                Refusal refusal = Refusal.of(e, actions.get(pending.get(0)).index());
                switch (refusal.verdict()) {
                    case HOLD_OPERATOR -> result.hold(refusal, pending.size());
                    case RETRY_TRANSIENT -> {
                        result.throttled = refusal.status() == 429;
                        result.cause = refusal.status() > 0 ? refusal.toString() : e.toString();
                        logRetry(attempt, pending.size(), result.cause);
                    }
                    default -> {
                        for (int position : pending) {
                            outcome.fail(position, refusal.status(), e.getMessage());
                        }
                        waits.answered();
                        return;
                    }
                }
                result.retry = pending;
            } finally {
                limiter.release(ticket, result.throttled);
                if (result.throttled) {
                    stats.throttled();
                }
            }
            if (result.held != null) {
                member.held(result.held, result.heldActions);
                waits.waiting(WriteWaits.Wait.OPERATOR_HOLD, result.held.toString());
            } else {
                member.clear();
                if (result.retry.isEmpty()) {
                    waits.answered();
                } else {
                    waits.waiting(WriteWaits.Wait.OPENSEARCH_RETRY, result.cause);
                }
            }
            pending = result.retry;
        }
        if (attempt > 10) {
            LOG.info("Bulk request of {} actions went through after {} attempts", positions.size(), attempt);
        }
    }

    /** The first failure and every tenth after it: an outage must be visible without flooding the log. */
    private void logRetry(int attempt, int actions, String cause) {
        if (attempt % 10 == 0) {
            LOG.warn("Bulk request of {} actions to {} failed (attempt {}), will retry: {}", actions, destination,
                    attempt + 1, cause);
        }
    }

    /**
     * Records each item's outcome and collects the ones to send again, retried or held. Once an
     * item of a document is sent again, the later items of that document are sent again with it,
     * so that they are applied after it again.
     */
    private static void sortItems(List<DocumentAction> actions, List<Integer> sent, List<BulkResponseItem> items,
            BulkOutcome outcome, Attempt result, boolean copies) {
        Set<String> retriedDocuments = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            BulkResponseItem item = items.get(i);
            int position = sent.get(i);
            DocumentAction action = actions.get(position);
            ErrorCause error = item.error();
            if (!retriedDocuments.isEmpty() && retriedDocuments.contains(documentKey(action))) {
                result.retry.add(position);
                continue;
            }
            if (copies && error != null && "index_not_found_exception".equals(error.type())) {
                // The copy alias is gone with its index: the reindex was finished or rolled back meanwhile.
                outcome.gone(position);
                continue;
            }
            switch (ItemVerdict.ofItem(item.status(), error == null ? null : error.type(), action.version() != null,
                    action.type() == ActionType.DELETE)) {
                case ACKNOWLEDGED -> outcome.acknowledge(position, item.index(), item.version());
                case STALE -> outcome.stale(position);
                case REJECT_DOCUMENT -> outcome.fail(position, item.status(), error.type() + ": " + error.reason());
                case RETRY_TRANSIENT -> {
                    result.throttled |= item.status() == 429;
                    result.cause = item.status() + (error == null ? "" : " " + error.type() + ": " + error.reason());
                    result.retry.add(position);
                    retriedDocuments.add(documentKey(action));
                }
                case HOLD_OPERATOR -> {
                    result.hold(new Refusal(item.status(), error.type(), error.reason(), action.index()), 1);
                    result.retry.add(position);
                    retriedDocuments.add(documentKey(action));
                }
            }
        }
    }

    /** What one attempt left to do: the positions to send again, whether it was throttled, what was held. */
    private static final class Attempt {
        List<Integer> retry = new ArrayList<>();
        boolean throttled;
        /** Why the retried actions are sent again, for {@link WriteWaits}. */
        String cause = "no answer";
        Refusal held;
        int heldActions;

        void hold(Refusal refusal, int actions) {
            held = refusal;
            heldActions += actions;
        }
    }

    private static String documentKey(DocumentAction action) {
        return action.index() + '/' + action.id();
    }

    private static BulkRequest request(List<DocumentAction> actions, List<Integer> positions, boolean copies) {
        List<BulkOperation> operations = new ArrayList<>(positions.size());
        for (int position : positions) {
            operations.add(operation(actions.get(position), copies));
        }
        return new BulkRequest.Builder().operations(operations).build();
    }

    /** The bulk operation; a copy must go through its alias, never create an index of that name. */
    private static BulkOperation operation(DocumentAction action, boolean copy) {
        Boolean requireAlias = copy ? Boolean.TRUE : null;
        return switch (action.type()) {
            case INDEX -> BulkOperation.of(op -> op.index(index -> {
                index.index(action.index()).id(action.id()).routing(action.routing()).document(new RawJson(action.source()))
                        .requireAlias(requireAlias);
                if (action.version() != null) {
                    index.version(action.version()).versionType(versionType(action));
                }
                return index;
            }));
            case UPSERT -> BulkOperation.of(op -> op.update(update -> update
                    .index(action.index()).id(action.id()).routing(action.routing())
                    .document(new RawJson(action.source())).docAsUpsert(true).requireAlias(requireAlias)));
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
