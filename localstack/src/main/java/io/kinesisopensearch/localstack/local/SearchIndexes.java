package io.kinesisopensearch.localstack.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

/**
 * The index template local mode puts in place before any document arrives, so that every string
 * field of its indexes is searchable with typos.
 *
 * <p>Each string becomes {@code text} (standard analyzer) with two sub-fields: {@code keyword} for
 * exact values, and {@code joined}, analysed by the standard tokenizer, lowercase and a shingle
 * filter whose token separator is empty, so "The Da Vinci Code" also yields {@code davinci} and
 * {@code vincicode}. A fuzzy query for {@code davinchi} is one edit from {@code davinci}; against
 * the plain field it would have to turn {@code da} or {@code vinci} into it, which is more than the
 * two edits fuzziness allows. The shingle and lowercase filters are in OpenSearch's core, so this
 * works on a node without the analysis-common module (the integ-test distribution).
 */
final class SearchIndexes {

    static final String TEMPLATE = "kinesis-opensearch-local";

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
    static void putTemplate(OpenSearchClient openSearch, List<String> patterns) {
        String indexPatterns = patterns.stream().map(pattern -> "\"" + pattern + "\"")
                .collect(Collectors.joining(","));
        String body = """
                {"index_patterns": [%s], "priority": 500,
                 "template": {
                  "settings": {"number_of_shards": 1, "number_of_replicas": 0,
                   "analysis": {
                    "filter": {"joined_words": {"type": "shingle", "min_shingle_size": 2, "max_shingle_size": 3,
                                                "token_separator": "", "output_unigrams": true}},
                    "analyzer": {"joined": {"type": "custom", "tokenizer": "standard",
                                            "filter": ["lowercase", "joined_words"]}}}},
                  "mappings": {"dynamic_templates": [{"strings": {"match_mapping_type": "string", "mapping": {
                    "type": "text",
                    "fields": {"keyword": {"type": "keyword", "ignore_above": 256},
                               "joined": {"type": "text", "analyzer": "joined"}}}}}]}}}
                """.formatted(indexPatterns);
        try (Response response = openSearch.generic().execute(Requests.builder()
                .method("PUT").endpoint("/_index_template/" + TEMPLATE).json(body).build())) {
            if (response.getStatus() != 200) {
                throw new IllegalStateException("OpenSearch refused the index template: " + response.getStatus() + " "
                        + response.getBody().map(b -> b.bodyAsString()).orElse(""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot put the index template", e);
        }
    }
}
