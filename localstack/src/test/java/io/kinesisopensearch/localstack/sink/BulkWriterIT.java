package io.kinesisopensearch.localstack.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kinesisopensearch.localstack.Indexes;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.mapping.DocumentAction;
import io.kinesisopensearch.mapping.VersionType;
import io.kinesisopensearch.retry.RetryPolicy;
import io.kinesisopensearch.sink.bulk.BulkConfig;
import io.kinesisopensearch.sink.bulk.BulkResult;
import io.kinesisopensearch.sink.bulk.BulkWriter;
import io.kinesisopensearch.sink.bulk.ConcurrencyLimiter;
import io.kinesisopensearch.sink.bulk.WriteCounters;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.core.GetResponse;

/** What each kind of action does in a real OpenSearch, and how the writer reports each outcome. */
@ExtendWith(LocalStackExtension.class)
class BulkWriterIT {

    private final OpenSearchClient openSearch;
    private final WriteCounters stats = new WriteCounters();
    private final BulkWriter writer;
    private String index;

    BulkWriterIT(LocalStack stack) {
        this.openSearch = stack.openSearch();
        this.writer = new BulkWriter(openSearch, BulkConfig.DEFAULT, new ConcurrencyLimiter(4), stats);
    }

    @BeforeEach
    void freshIndex() {
        index = "bulk-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void indexUpsertAndDeleteLandAsTheySay() throws Exception {
        BulkResult result = writer.write(List.of(
                DocumentAction.index(index, "a", json("{\"name\":\"Zoë\",\"tags\":[\"ü\",\"東京\"]}")),
                DocumentAction.index(index, "b", json("{\"name\":\"gone soon\"}")),
                DocumentAction.upsert(index, "a", json("{\"status\":\"paid\"}")),
                DocumentAction.upsert(index, "c", json("{\"status\":\"new\"}")),
                DocumentAction.delete(index, "b")));

        assertThat(result.allDone()).isTrue();
        assertThat(result.acknowledged()).isEqualTo(4);
        assertThat(result.replaced()).as("b's index, replaced by its delete in the same batch").isEqualTo(1);
        assertThat(source("a")).isEqualTo(tree("{\"name\":\"Zoë\",\"tags\":[\"ü\",\"東京\"],\"status\":\"paid\"}"));
        assertThat(source("c")).isEqualTo(tree("{\"status\":\"new\"}"));
        assertThat(openSearch.get(get -> get.index(index).id("b"), JsonNode.class).found()).isFalse();
    }

    @Test
    void anOlderExternalVersionIsStaleNotAFailure() throws Exception {
        writer.write(List.of(DocumentAction.index(index, "k", json("{\"v\":2}")).withVersion(2, VersionType.EXTERNAL)));

        BulkResult first = writer.write(List.of(
                DocumentAction.index(index, "k", json("{\"v\":1}")).withVersion(1, VersionType.EXTERNAL)));
        BulkResult second = writer.write(List.of(
                DocumentAction.delete(index, "k").withVersion(1, VersionType.EXTERNAL)));

        assertThat(first.stale()).isEqualTo(1);
        assertThat(second.stale()).isEqualTo(1);
        assertThat(second.allDone()).isTrue();
        assertThat(source("k")).isEqualTo(tree("{\"v\":2}"));
        assertThat(stats.snapshot().staleVersions()).isEqualTo(2);
    }

    @Test
    void aBatchOverTheRequestLimitGoesInSeveralRequestsAndAnOversizedDocumentIsRefused() throws Exception {
        BulkWriter smallRequests = new BulkWriter(openSearch,
                new BulkConfig(1_000, 64 * 1024, java.time.Duration.ofSeconds(1), 64 * 1024, 2, RetryPolicy.DEFAULT),
                new ConcurrencyLimiter(2), stats);
        String text = "x".repeat(10_000);
        List<DocumentAction> actions = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            actions.add(DocumentAction.index(index, "doc-" + i, json("{\"text\":\"" + text + "\"}")));
        }
        actions.add(DocumentAction.index(index, "huge", json("{\"text\":\"" + "y".repeat(100_000) + "\"}")));

        BulkResult result = smallRequests.write(actions);

        assertThat(result.acknowledged()).isEqualTo(20);
        assertThat(stats.snapshot().bulkRequests()).as("20 documents of 10 KB in 64 KiB requests").isGreaterThanOrEqualTo(4);
        assertThat(result.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.position()).isEqualTo(20);
            assertThat(failure.status()).isEqualTo(413);
        });
        assertThat(Indexes.searchableDocuments(openSearch, index)).isEqualTo(20);
    }

    @Test
    void aMappingConflictFailsThatItemOnlyAndSaysWhy() throws Exception {
        writer.write(List.of(DocumentAction.index(index, "1", json("{\"amount\":12}"))));

        BulkResult result = writer.write(List.of(
                DocumentAction.index(index, "2", json("{\"amount\":\"twelve\"}")),
                DocumentAction.index(index, "3", json("{\"amount\":13}"))));

        assertThat(result.acknowledged()).isEqualTo(1);
        assertThat(result.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.position()).isZero();
            assertThat(failure.status()).isEqualTo(400);
            assertThat(failure.reason()).startsWith("mapper_parsing_exception");
        });
        assertThat(source("3")).isEqualTo(tree("{\"amount\":13}"));
    }

    @Test
    void aDeleteInAnIndexThatDoesNotExistIsDoneNotHeld() throws Exception {
        BulkResult result = writer.write(List.of(DocumentAction.delete(index, "never-written")));

        assertThat(result.allDone()).isTrue();
        assertThat(result.acknowledged()).isEqualTo(1);
        assertThat(stats.snapshot().refusalsHeld()).isZero();
    }

    private JsonNode source(String id) throws Exception {
        GetResponse<JsonNode> response = openSearch.get(get -> get.index(index).id(id), JsonNode.class);
        assertThat(response.found()).as("document %s found", id).isTrue();
        return response.source();
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode tree(String text) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    }
}
