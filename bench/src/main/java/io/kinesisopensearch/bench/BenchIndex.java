package io.kinesisopensearch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A contender's index on the shared OpenSearch: made fresh before each run with the same settings
 * for everyone (one shard, no replica, the default refresh), and checked afterwards: a figure only
 * counts when the index holds every document exactly once.
 */
final class BenchIndex {

    /**
     * What the index held: its count, its distinct ids, the expected ids it lacks and ids it holds
     * that were never sent, and documents written more than once (a {@code _version} above 1).
     */
    record Verdict(long count, long distinct, long missing, long unexpected, long rewritten) {
        boolean exactlyOnce(long expected) {
            return count == expected && distinct == expected && missing == 0 && unexpected == 0 && rewritten == 0;
        }

        @Override
        public String toString() {
            return "count=" + count + " distinct=" + distinct + " missing=" + missing + " unexpected=" + unexpected
                    + " rewritten=" + rewritten;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SETTINGS = """
            {"settings":{"index":{"number_of_shards":1,"number_of_replicas":0}},
             "mappings":{"properties":{"id":{"type":"keyword"}}}}""";

    private final URI openSearch;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    BenchIndex(URI openSearch) {
        this.openSearch = openSearch;
    }

    /** Deletes {@code index} if it exists and creates it empty. */
    void recreate(String index) {
        send("DELETE", "/" + index, null);
        JsonNode created = send("PUT", "/" + index, SETTINGS);
        if (!created.path("acknowledged").asBoolean()) {
            throw new IllegalStateException("Cannot create " + index + ": " + created);
        }
        send("GET", "/_cluster/health/" + index + "?wait_for_status=green&timeout=60s", null);
    }

    void delete(String index) {
        send("DELETE", "/" + index, null);
    }

    /** Reads every document's id and version (a scroll, after a refresh) and compares them with {@code docs}. */
    Verdict verify(String index, List<BenchDocuments.Doc> docs) {
        send("POST", "/" + index + "/_refresh", null);
        Set<String> expected = new HashSet<>(docs.size() * 2);
        docs.forEach(doc -> expected.add(doc.id()));
        Set<String> seen = new HashSet<>(docs.size() * 2);
        long hits = 0;
        long rewritten = 0;
        long unexpected = 0;
        JsonNode page = send("POST", "/" + index + "/_search?scroll=1m",
                "{\"size\":5000,\"_source\":false,\"version\":true,\"sort\":[\"_doc\"]}");
        while (page.path("hits").path("hits").size() > 0) {
            for (JsonNode hit : page.path("hits").path("hits")) {
                hits++;
                String id = hit.path("_id").asText();
                seen.add(id);
                if (!expected.contains(id)) {
                    unexpected++;
                }
                if (hit.path("_version").asLong() > 1) {
                    rewritten++;
                }
            }
            page = send("POST", "/_search/scroll",
                    "{\"scroll\":\"1m\",\"scroll_id\":\"" + page.path("_scroll_id").asText() + "\"}");
        }
        long count = send("GET", "/" + index + "/_count", null).path("count").asLong();
        if (count != hits) {
            throw new IllegalStateException(index + ": _count says " + count + ", the scroll read " + hits);
        }
        long missing = expected.stream().filter(id -> !seen.contains(id)).count();
        return new Verdict(count, seen.size(), missing, unexpected, rewritten);
    }

    private JsonNode send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(openSearch.resolve(path)).timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400 && !(method.equals("DELETE") && response.statusCode() == 404)) {
                throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
