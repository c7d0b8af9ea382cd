package io.kinesisopensearch.localstack.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index template local mode puts in place before any document arrives, so that every string
 * field of its indexes is searchable with typos ({@link BookSearch} runs a fuzzy {@code multi_match}
 * over every field and sub-field).
 *
 * <p>Each string becomes {@code text} with sub-fields: {@code keyword} for exact values, and
 * {@code joined}, analysed by the standard tokenizer, lowercase and a shingle filter whose token
 * separator is empty, so "The Da Vinci Code" also yields {@code davinci}, {@code davincicode} and
 * {@code thedavincicode}. A fuzzy query for {@code davinchi} is one edit from {@code davinci};
 * against the plain field it would have to turn {@code da} or {@code vinci} into it, which is more
 * than the two edits fuzziness allows. Shingles are in OpenSearch's core, so this works on a node
 * without the analysis-common module (the 2.x integ-test distribution).
 *
 * <p>Where the node has analysis-common (3.x's integ-test distribution, any full distribution or
 * managed domain), {@link Analysis#COMMON} adds what that module offers: accents folded
 * ({@code asciifolding}) in every analyzer, and a {@code prefix} sub-field of edge n-grams (2 to 15
 * characters, searched with the plain analyzer), so a word's beginning finds it ({@code frank},
 * {@code mocking}) and a misspelt beginning too, through the fuzzy query ({@code frankinst}).
 */
final class SearchIndexes {

    static final String TEMPLATE = "kinesis-opensearch-local";
    private static final Logger LOG = LoggerFactory.getLogger(SearchIndexes.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How strings are analysed: with OpenSearch's core analysis only, or with the analysis-common module too. */
    enum Analysis {
        CORE, COMMON;

        /** {@link #COMMON} when every node of the cluster has the analysis-common module. */
        static Analysis of(OpenSearchClient openSearch) {
            try (Response response = openSearch.generic().execute(Requests.builder().method("GET")
                    .endpoint("/_nodes/plugins?filter_path=nodes.*.modules.name").build())) {
                JsonNode nodes = JSON.readTree(response.getBody().map(Body::bodyAsBytes).orElse(new byte[0])).path("nodes");
                boolean everyNode = response.getStatus() == 200 && nodes.size() > 0;
                for (JsonNode node : nodes) {
                    everyNode &= node.path("modules").findValuesAsText("name").contains("analysis-common");
                }
                return everyNode ? COMMON : CORE;
            } catch (IOException | RuntimeException e) {
                // A cluster that will not say (a serverless collection, say) gets what every cluster has.
                LOG.info("Cannot list the cluster's modules, searching with core analysis: {}", e.toString());
                return CORE;
            }
        }
    }

    private SearchIndexes() {
    }

    /**
     * Creates {@code index} (from the template) unless it exists, so that the first record does not
     * wait for the index to be made.
     */
    static void create(OpenSearchClient openSearch, String index) {
        try (Response response = openSearch.generic().execute(Requests.builder().method("PUT").endpoint("/" + index)
                .build())) {
            String body = response.getBody().map(b -> b.bodyAsString()).orElse("");
            if (response.getStatus() != 200 && !body.contains("resource_already_exists_exception")) {
                throw new IllegalStateException("Cannot create index " + index + ": " + response.getStatus() + " " + body);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create index " + index, e);
        }
    }

    /** Creates or replaces the template for the indexes named by {@code patterns} (wildcards allowed). */
    static void putTemplate(OpenSearchClient openSearch, List<String> patterns, Analysis analysis) {
        try (Response response = openSearch.generic().execute(Requests.builder()
                .method("PUT").endpoint("/_index_template/" + TEMPLATE).json(template(patterns, analysis)).build())) {
            if (response.getStatus() != 200) {
                throw new IllegalStateException("OpenSearch refused the index template: " + response.getStatus() + " "
                        + response.getBody().map(b -> b.bodyAsString()).orElse(""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot put the index template", e);
        }
    }

    /** The template's body. */
    static String template(List<String> patterns, Analysis analysis) {
        String indexPatterns = patterns.stream().map(pattern -> "\"" + pattern + "\"")
                .collect(Collectors.joining(","));
        String joined = """
                "joined_words": {"type": "shingle", "min_shingle_size": 2, "max_shingle_size": 4,
                                 "token_separator": "", "output_unigrams": true}""";
        if (analysis == Analysis.CORE) {
            return """
                    {"index_patterns": [%s], "priority": 500,
                     "template": {
                      "settings": {"number_of_shards": 1, "number_of_replicas": 0,
                       "analysis": {
                        "filter": {%s},
                        "analyzer": {"joined": {"type": "custom", "tokenizer": "standard",
                                                "filter": ["lowercase", "joined_words"]}}}},
                      "mappings": {"dynamic_templates": [{"strings": {"match_mapping_type": "string", "mapping": {
                        "type": "text",
                        "fields": {"keyword": {"type": "keyword", "ignore_above": 256},
                                   "joined": {"type": "text", "analyzer": "joined"}}}}}]}}}
                    """.formatted(indexPatterns, joined);
        }
        return """
                {"index_patterns": [%s], "priority": 500,
                 "template": {
                  "settings": {"number_of_shards": 1, "number_of_replicas": 0,
                   "analysis": {
                    "filter": {%s,
                               "prefixes": {"type": "edge_ngram", "min_gram": 2, "max_gram": 15}},
                    "analyzer": {"folded": {"type": "custom", "tokenizer": "standard",
                                            "filter": ["lowercase", "asciifolding"]},
                                 "joined": {"type": "custom", "tokenizer": "standard",
                                            "filter": ["lowercase", "asciifolding", "joined_words"]},
                                 "prefixes": {"type": "custom", "tokenizer": "standard",
                                              "filter": ["lowercase", "asciifolding", "prefixes"]}}}},
                  "mappings": {"dynamic_templates": [{"strings": {"match_mapping_type": "string", "mapping": {
                    "type": "text", "analyzer": "folded",
                    "fields": {"keyword": {"type": "keyword", "ignore_above": 256},
                               "joined": {"type": "text", "analyzer": "joined"},
                               "prefix": {"type": "text", "analyzer": "prefixes", "search_analyzer": "folded"}}}}}]}}}
                """.formatted(indexPatterns, joined);
    }
}
