package io.kinesisopensearch.loader.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.decode.Json;
import io.kinesisopensearch.retry.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the index: every document once, by a scroll in index order ({@code _doc}, the cheapest
 * full read: no sort, no field data), and documents by id again with a multi-get, which reads in
 * real time (a write not yet refreshed is seen). Each document is reduced at once to what the
 * comparison needs ({@link IndexDoc}); a page of hits is the most held. Connection errors, 429 and
 * 5xx are retried with the bulk retry backoff, ten times.
 */
final class IndexReader {

    private static final Logger LOG = LoggerFactory.getLogger(IndexReader.class);
    private static final int PAGE = 1_000;
    private static final String KEEP_ALIVE = "5m";
    private static final int ATTEMPTS = 10;

    /** Told of each document read. */
    interface Documents {
        void document(IndexDoc document) throws IOException;
    }

    /**
     * A document read by id, with its {@code _source}.
     *
     * @param document the document
     * @param source   its {@code _source}
     */
    record Fetched(IndexDoc document, JsonNode source) {
    }

    /**
     * Where to read a document.
     *
     * @param index   its index (or alias)
     * @param id      its id
     * @param routing its routing value, or null
     */
    record Ref(String index, String id, String routing) {
    }

    private final OpenSearchClient client;
    private final String target;
    private final RetryPolicy retry;

    /**
     * @param target the index, alias or pattern ({@code logs-*}) read whole
     */
    IndexReader(OpenSearchClient client, String target, RetryPolicy retry) {
        this.client = client;
        this.target = target;
        this.retry = retry;
    }

    String target() {
        return target;
    }

    /** How many documents the index holds now (0 when it does not exist). */
    long count() throws IOException, InterruptedException {
        JsonNode answer = call("GET", "/" + target + "/_count", Map.of("ignore_unavailable", "true",
                "allow_no_indices", "true"), null);
        return answer.path("count").asLong();
    }

    /** Reads every document, page by page; a missing index has none. */
    void readAll(Documents documents) throws IOException, InterruptedException {
        ObjectNode body = Json.nodes().objectNode();
        body.put("size", PAGE);
        body.putArray("sort").add("_doc");
        body.put("version", true);
        body.put("seq_no_primary_term", true);
        JsonNode page = call("POST", "/" + target + "/_search", Map.of("scroll", KEEP_ALIVE,
                "ignore_unavailable", "true", "allow_no_indices", "true"), body);
        String scrollId = page.path("_scroll_id").asText(null);
        try {
            while (true) {
                JsonNode hits = page.path("hits").path("hits");
                if (hits.isEmpty()) {
                    return;
                }
                for (JsonNode hit : hits) {
                    documents.document(document(hit));
                }
                ObjectNode next = Json.nodes().objectNode();
                next.put("scroll", KEEP_ALIVE);
                next.put("scroll_id", scrollId);
                page = call("POST", "/_search/scroll", Map.of(), next);
                scrollId = page.path("_scroll_id").asText(scrollId);
            }
        } finally {
            if (scrollId != null) {
                clearScroll(scrollId);
            }
        }
    }

    private void clearScroll(String scrollId) {
        ObjectNode clear = Json.nodes().objectNode();
        clear.putArray("scroll_id").add(scrollId);
        try (Response ignored = client.generic().execute(Requests.builder().method("DELETE").endpoint("/_search/scroll")
                .json(Json.mapper().writeValueAsString(clear)).build())) {
            LOG.debug("Scroll cleared");
        } catch (IOException | RuntimeException e) {
            LOG.debug("Clearing the scroll failed; it ends after {} alone", KEEP_ALIVE, e);
        }
    }

    /** The documents of {@code refs} as the index holds them now, by position; null where there is none. */
    List<Fetched> get(List<Ref> refs) throws IOException, InterruptedException {
        if (refs.isEmpty()) {
            return List.of();
        }
        ObjectNode body = Json.nodes().objectNode();
        ArrayNode docs = body.putArray("docs");
        for (Ref ref : refs) {
            ObjectNode doc = docs.addObject();
            doc.put("_index", ref.index());
            doc.put("_id", ref.id());
            if (ref.routing() != null) {
                doc.put("routing", ref.routing());
            }
        }
        JsonNode answer = call("POST", "/_mget", Map.of(), body);
        List<Fetched> fetched = new ArrayList<>(refs.size());
        for (JsonNode doc : answer.path("docs")) {
            if (doc.path("found").asBoolean(false)) {
                fetched.add(new Fetched(document(doc), doc.path("_source")));
            } else if (doc.has("error") && !"index_not_found_exception".equals(doc.path("error").path("type").asText())) {
                throw new IOException("OpenSearch could not read " + doc.path("_index").asText() + "/"
                        + doc.path("_id").asText() + ": " + doc.path("error"));
            } else {
                fetched.add(null);
            }
        }
        if (fetched.size() != refs.size()) {
            throw new IOException("a multi-get of " + refs.size() + " documents answered " + fetched.size());
        }
        return fetched;
    }

    private static IndexDoc document(JsonNode hit) {
        JsonNode routing = hit.get("_routing");
        return new IndexDoc(hit.path("_index").asText(), hit.path("_id").asText(),
                routing == null || routing.isNull() ? null : routing.asText(), hit.path("_version").asLong(),
                hit.path("_seq_no").asLong(), hit.path("_primary_term").asLong(),
                CanonicalJson.fingerprint(hit.path("_source")));
    }

    private JsonNode call(String method, String endpoint, Map<String, String> query, JsonNode body)
            throws IOException, InterruptedException {
        String json = body == null ? null : Json.mapper().writeValueAsString(body);
        for (int attempt = 0; ; attempt++) {
            if (attempt > 0) {
                Duration delay = retry.delay(attempt - 1);
                Thread.sleep(delay.toMillis());
            }
            Requests.JsonBodyBuilder request = Requests.builder().method(method).endpoint(endpoint).query(query);
            if (json != null) {
                request.json(json);
            }
            String failure;
            try (Response response = client.generic().execute(request.build())) {
                int status = response.getStatus();
                if (status < 300) {
                    try (Body answer = response.getBody().orElseThrow(() -> new IOException(endpoint + " answered no body"));
                            InputStream in = answer.body()) {
                        return Json.mapper().readTree(in);
                    }
                }
                String text = response.getBody().map(Body::bodyAsString).orElse("");
                failure = method + " " + endpoint + " answered " + status + ": "
                        + (text.length() > 500 ? text.substring(0, 500) + "..." : text);
                if (status != 429 && status < 500) {
                    throw new IOException(failure);
                }
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().startsWith(method + " " + endpoint + " answered")) {
                    throw e;
                }
                failure = method + " " + endpoint + " failed: " + e;
            }
            if (attempt + 1 >= ATTEMPTS) {
                throw new IOException(failure + " (" + ATTEMPTS + " attempts)");
            }
            LOG.warn("{}; retrying", failure);
        }
    }
}
