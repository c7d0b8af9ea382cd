package io.kinesisopensearch.loader.reindex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.decode.Json;
import io.kinesisopensearch.mapping.DocumentAction;
import io.kinesisopensearch.mapping.VersionType;
import io.kinesisopensearch.sink.bulk.BulkResult;
import io.kinesisopensearch.sink.bulk.BulkWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backfill of the next index from the current one, for a source that keeps no full copy (a
 * Kinesis stream): a scroll in index order ({@code _doc}, no sort cost), each document written with
 * its {@code _version} as an external version ({@code external_gte}). The writers' copies carry the
 * versions the current index gave them too, so a document the backfill read before a live change
 * loses to that change's copy whichever arrives first. Pages are written by a few threads while the
 * next is read.
 */
final class IndexCopy {

    private static final Logger LOG = LoggerFactory.getLogger(IndexCopy.class);
    private static final int PAGE = 1_000;
    private static final String KEEP_ALIVE = "5m";
    private static final int LOGGED_REFUSALS = 10;

    /** What the copy did: documents read, written, refused as older than a live copy, refused by the new index. */
    record Counts(long read, long written, long stale, long refused) {
    }

    private final Cluster cluster;
    private final BulkWriter writer;
    private final String from;
    private final String to;
    private final int threads;
    private final Reindex.Observer observer;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    IndexCopy(Cluster cluster, BulkWriter writer, String from, String to, int threads, Reindex.Observer observer) {
        this.cluster = cluster;
        this.writer = writer;
        this.from = from;
        this.to = to;
        this.threads = threads;
        this.observer = observer;
    }

    Counts run() throws IOException, InterruptedException {
        ObjectNode body = Json.nodes().objectNode();
        body.put("size", PAGE);
        body.putArray("sort").add("_doc");
        body.put("version", true);
        JsonNode page = cluster.require("POST", "/" + from + "/_search?scroll=" + KEEP_ALIVE, body,
                "scroll the index " + from);
        String scrollId = page.path("_scroll_id").asText(null);
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "reindex-copy");
            thread.setDaemon(true);
            return thread;
        });
        // At most one page waiting per writer thread besides those being written: memory stays a few pages.
        Semaphore pages = new Semaphore(2 * threads);
        List<Future<?>> pending = new ArrayList<>();
        long read = 0;
        try {
            while (true) {
                JsonNode hits = page.path("hits").path("hits");
                if (hits.isEmpty()) {
                    break;
                }
                List<DocumentAction> actions = new ArrayList<>(hits.size());
                for (JsonNode hit : hits) {
                    actions.add(action(hit));
                }
                read += actions.size();
                pages.acquire();
                pending.add(pool.submit(() -> {
                    try {
                        write(actions);
                    } finally {
                        pages.release();
                    }
                    return null;
                }));
                settle(pending, false);
                observer.copied(read);
                ObjectNode next = Json.nodes().objectNode();
                next.put("scroll", KEEP_ALIVE);
                next.put("scroll_id", scrollId);
                page = cluster.require("POST", "/_search/scroll", next, "scroll the index " + from);
                scrollId = page.path("_scroll_id").asText(scrollId);
            }
            settle(pending, true);
        } finally {
            pool.shutdownNow();
            if (scrollId != null) {
                ObjectNode clear = Json.nodes().objectNode();
                clear.putArray("scroll_id").add(scrollId);
                try {
                    cluster.call("DELETE", "/_search/scroll", clear);
                } catch (IOException e) {
                    LOG.debug("Clearing the scroll failed; it ends after {} alone", KEEP_ALIVE, e);
                }
            }
        }
        return new Counts(read, written.get(), stale.get(), refused.get());
    }

    private DocumentAction action(JsonNode hit) throws IOException {
        JsonNode routing = hit.get("_routing");
        return new DocumentAction(io.kinesisopensearch.decode.ActionType.INDEX, to, hit.path("_id").asText(),
                routing == null || routing.isNull() ? null : routing.asText(), hit.path("_version").asLong(),
                VersionType.EXTERNAL_GTE, Json.mapper().writeValueAsBytes(hit.path("_source")));
    }

    private void write(List<DocumentAction> actions) throws InterruptedException {
        BulkResult result = writer.write(actions);
        written.addAndGet(result.acknowledged());
        stale.addAndGet(result.stale());
        for (BulkResult.ItemFailure failure : result.failures()) {
            long count = refused.incrementAndGet();
            if (count <= LOGGED_REFUSALS) {
                LOG.warn("The new index {} refused {}: {} {}", to, actions.get(failure.position()).id(), failure.status(),
                        failure.reason());
            }
        }
    }

    /** Takes the finished writes off the list, throwing what one threw; with {@code all}, waits for every one. */
    private static void settle(List<Future<?>> pending, boolean all) throws IOException, InterruptedException {
        for (var it = pending.iterator(); it.hasNext(); ) {
            Future<?> write = it.next();
            if (!all && !write.isDone()) {
                continue;
            }
            try {
                write.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof InterruptedException interrupted) {
                    throw interrupted;
                }
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IOException("a page of the copy could not be written", cause);
            }
            it.remove();
        }
    }
}
