package io.kinesisopensearch.localstack.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

/**
 * A search over every text field of local mode's indexes (or one of them), tolerant of typos: a
 * {@code multi_match} with {@code fuzziness: AUTO} over the plain fields and their sub-fields
 * ({@code joined}, and {@code prefix} where the node has analysis-common: {@link SearchIndexes}),
 * best hits first, with highlighted fragments.
 */
final class BookSearch {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenSearchClient openSearch;
    private final List<String> indexes;

    BookSearch(OpenSearchClient openSearch, List<String> indexes) {
        this.openSearch = openSearch;
        this.indexes = List.copyOf(indexes);
    }

    /**
     * One hit: where it is, its score, a title to show, its source, and per field (sub-fields folded
     * into their field) the highlighted fragments, HTML-escaped with the matches in {@code <em>}.
     */
    record Hit(String index, String id, double score, String title, JsonNode source,
            Map<String, List<String>> highlights) {
    }

    /** The best {@code size} hits for {@code text} in {@code index}, or in all of local mode's indexes when it is null. */
    List<Hit> search(String text, String index, int size) {
        ObjectNode body = JSON.createObjectNode().put("size", size);
        body.putObject("query").putObject("multi_match").put("query", text).put("fuzziness", "AUTO")
                .put("type", "best_fields")
                // Every field takes part, numbers and dates too: lenient skips those a word cannot match.
                .put("lenient", true);
        ObjectNode highlight = body.putObject("highlight").put("encoder", "html").put("require_field_match", false);
        highlight.putObject("fields").putObject("*");
        String target = index == null || index.isBlank() ? String.join(",", indexes) : index;
        try (Response response = openSearch.generic().execute(Requests.builder().method("POST")
                .endpoint("/" + target + "/_search?ignore_unavailable=true").json(body.toString()).build())) {
            JsonNode answer = JSON.readTree(response.getBody().map(Body::bodyAsBytes).orElse(new byte[0]));
            if (response.getStatus() != 200) {
                throw new IllegalStateException("Search failed: " + response.getStatus() + " " + answer);
            }
            List<Hit> hits = new ArrayList<>();
            for (JsonNode hit : answer.path("hits").path("hits")) {
                hits.add(new Hit(hit.path("_index").asText(), hit.path("_id").asText(), hit.path("_score").asDouble(),
                        title(hit.path("_source")), hit.path("_source"), highlights(hit.path("highlight"))));
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot search " + target, e);
        }
    }

    /** The fragments by field; a field's own fragments win over its sub-fields', which say the same. */
    private static Map<String, List<String>> highlights(JsonNode highlight) {
        Map<String, List<String>> byField = new LinkedHashMap<>();
        Map<String, List<String>> fromSubFields = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = highlight.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            List<String> fragments = new ArrayList<>();
            field.getValue().forEach(fragment -> fragments.add(fragment.asText()));
            String name = field.getKey();
            if (name.endsWith(".joined") || name.endsWith(".prefix") || name.endsWith(".keyword")) {
                fromSubFields.putIfAbsent(name.substring(0, name.lastIndexOf('.')), fragments);
            } else {
                byField.put(name, fragments);
            }
        }
        fromSubFields.forEach(byField::putIfAbsent);
        return byField;
    }

    /** What a person would call the document: a book's title, a log line, a photo's key, else the first text field. */
    private static String title(JsonNode source) {
        for (String field : List.of("bookTitle", "title", "name", "message", "key")) {
            if (source.path(field).isTextual()) {
                return source.path(field).asText();
            }
        }
        for (Iterator<JsonNode> values = source.elements(); values.hasNext(); ) {
            JsonNode value = values.next();
            if (value.isTextual()) {
                return value.asText();
            }
        }
        return source.toString();
    }

    /** A fragment for a terminal: matches between brackets, HTML entities back to characters. */
    static String forConsole(String fragment) {
        return fragment.replace("<em>", "[").replace("</em>", "]").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", "\"").replace("&#x27;", "'").replace("&#39;", "'").replace("&#x2F;", "/")
                .replace("&amp;", "&");
    }
}
