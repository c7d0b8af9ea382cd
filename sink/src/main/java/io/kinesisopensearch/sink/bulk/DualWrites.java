package io.kinesisopensearch.sink.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import io.kinesisopensearch.decode.Json;
import io.kinesisopensearch.mapping.DocumentAction;
import io.kinesisopensearch.retry.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the writers of a sink learn from the cluster about a reindex of an alias they write
 * through: while one runs, every action written through the alias is written again to the other
 * index of the reindex (the new one before the swap, the old one after it, until the reindex is
 * finished or rolled back), with the version the alias's index gave it, so that the two indexes
 * hold the same documents at the same versions whatever order the copies and the backfill arrive in.
 *
 * <p>The reindex command keeps a state document per alias in {@value #STATE_INDEX}; its
 * {@value #COPIES} object maps each of the two indexes to the alias the copies are written through
 * ({@link #copyAlias}). Which index is "the other" is decided per action by the index the alias
 * wrote it to (the bulk answer's {@code _index}), so the swap needs no coordination with the
 * writers. Each writer reads the document again when what it knows is older than {@link #REFRESH}
 * before it decides on a copy: the command waits that long (and a margin) after each change
 * before it relies on it. A copy is written through an alias with {@code require_alias}, so a copy
 * still on its way when the reindex deletes an index fails as not found (and counts as done) instead
 * of creating the index again.
 *
 * <p>A sink watches only the aliases it is told of ({@code opensearch.index-alias}); a plain index
 * costs nothing. Thread-safe.
 */
public final class DualWrites {

    /** The index of the reindex state documents, one per alias, with the alias as id. */
    public static final String STATE_INDEX = ".kinesis-opensearch-reindex";
    /** The field of the state document the writers read: index name to the alias its copies go through. */
    public static final String COPIES = "copies";
    /** The most a writer's knowledge of a reindex is older than when it decides to copy an action. */
    public static final Duration REFRESH = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(DualWrites.class);
    private static final int LOGGED_REFUSALS = 10;

    private final OpenSearchClient client;
    private final RetryPolicy retry;
    private final LongSupplier nanos;
    private final Map<String, Known> aliases = new ConcurrentHashMap<>();
    private final AtomicLong copied = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();
    private final AtomicLong gone = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /**
     * What copies did so far; copies are not in the sink's write counters, which count records.
     *
     * @param copied  copies the other index acknowledged
     * @param stale   copies it refused as older than the version it holds (the backfill brought a newer one)
     * @param gone    copies not written because the other index was deleted meanwhile (finished or rolled back)
     * @param refused copies it refused for good (its mapping, say): logged, never dead letters; the check finds them
     */
    public record Counts(long copied, long stale, long gone, long refused) {
    }

    /** One alias's copy targets as last read, and when the read was sent. */
    private static final class Known {
        volatile Map<String, String> copies = Map.of();
        volatile long readNanos;
        volatile boolean read;
    }

    /**
     * @param client the sink's client
     * @param retry  the backoff while the state cannot be read
     */
    public DualWrites(OpenSearchClient client, RetryPolicy retry) {
        this(client, retry, System::nanoTime);
    }

    DualWrites(OpenSearchClient client, RetryPolicy retry, LongSupplier nanos) {
        this.client = client;
        this.retry = retry;
        this.nanos = nanos;
    }

    /**
     * The alias through which copies of actions on {@code index} are written.
     *
     * @param index an index taking part in a reindex
     * @return its copy alias, {@code <index>-copies}
     */
    public static String copyAlias(String index) {
        return index + "-copies";
    }

    /**
     * Watches {@code alias}: actions written through it are copied while a reindex of it runs.
     *
     * @param alias the alias the sink writes through
     */
    public void watch(String alias) {
        aliases.computeIfAbsent(alias, name -> {
            LOG.info("Writing through the alias '{}': its reindex state is read from {} at most every {} s", name,
                    STATE_INDEX, REFRESH.toSeconds());
            return new Known();
        });
    }

    boolean watchesAny() {
        return !aliases.isEmpty();
    }

    boolean watches(String index) {
        return aliases.containsKey(index);
    }

    /**
     * The copy targets of {@code alias} as the cluster has them, read again when older than
     * {@link #REFRESH}: index name to copy alias, empty while no reindex runs.
     */
    Map<String, String> copies(String alias, Deadline deadline) throws InterruptedException, OutOfTimeException {
        Known known = aliases.get(alias);
        if (fresh(known)) {
            return known.copies;
        }
        synchronized (known) {
            if (fresh(known)) {
                return known.copies;
            }
            long sent = nanos.getAsLong();
            Map<String, String> copies = read(alias, deadline);
            if (!copies.equals(known.copies)) {
                LOG.info(copies.isEmpty() ? "Alias '{}': no reindex running; writing to its index only"
                        : "Alias '{}': a reindex runs; each action is written to its index and copied to the other of {}",
                        alias, copies.keySet());
            }
            known.copies = copies;
            known.readNanos = sent;
            known.read = true;
            return copies;
        }
    }

    private boolean fresh(Known known) {
        return known.read && nanos.getAsLong() - known.readNanos <= REFRESH.toNanos();
    }

    private Map<String, String> read(String alias, Deadline deadline) throws InterruptedException, OutOfTimeException {
        String endpoint = "/" + STATE_INDEX + "/_doc/" + URLEncoder.encode(alias, StandardCharsets.UTF_8);
        for (int attempt = 0; ; attempt++) {
            if (attempt > 0) {
                Duration delay = retry.delay(attempt - 1);
                if (!deadline.allows(delay)) {
                    throw new OutOfTimeException("the reindex state of " + alias + " could not be read, " + deadline);
                }
                Thread.sleep(delay.toMillis());
            }
            String failure;
            try (Response response = client.generic().execute(Requests.builder().method("GET").endpoint(endpoint)
                    .build())) {
                int status = response.getStatus();
                if (status == 404) {
                    return Map.of(); // no state index, or no reindex of this alias ever
                }
                if (status == 200) {
                    return parse(response);
                }
                failure = status + " " + response.getBody().map(Body::bodyAsString).orElse("");
            } catch (IOException e) {
                failure = e.toString();
            }
            // Deciding on copies without knowing would lose them: wait, as for a write that fails.
            if (attempt % 10 == 0) {
                LOG.warn("Cannot read the reindex state of '{}' from {} (attempt {}), will retry; the writers need"
                        + " read access to it: {}", alias, STATE_INDEX, attempt + 1, failure);
            }
        }
    }

    private static Map<String, String> parse(Response response) throws IOException {
        JsonNode copies;
        try (Body body = response.getBody().orElseThrow(() -> new IOException("a state document without body"));
                InputStream in = body.body()) {
            copies = Json.mapper().readTree(in).path("_source").path(COPIES);
        }
        Map<String, String> targets = new LinkedHashMap<>();
        copies.fields().forEachRemaining(entry -> targets.put(entry.getKey(), entry.getValue().asText()));
        return targets.size() == 2 ? Map.copyOf(targets) : Map.of();
    }

    void copied(long count) {
        copied.addAndGet(count);
    }

    void stale(long count) {
        stale.addAndGet(count);
    }

    void gone(long count) {
        gone.addAndGet(count);
    }

    void refused(DocumentAction copy, int status, String reason) {
        long count = refused.incrementAndGet();
        if (count <= LOGGED_REFUSALS || count % 1_000 == 0) {
            LOG.warn("Copy of {} to {} refused ({} so far; the reindex's check finds what is missing): {} {}", copy.id(),
                    copy.index(), count, status, reason);
        }
    }

    /**
     * What copies did so far.
     *
     * @return copies written, refused as older than the other index's version, not written because
     *         their index was gone, and refused by the other index (its mapping, say)
     */
    public Counts counts() {
        return new Counts(copied.get(), stale.get(), gone.get(), refused.get());
    }
}
