package io.kinesisopensearch.localstack.reindex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.testing.Workers;
import io.kinesisopensearch.mapping.DocumentAction;
import io.kinesisopensearch.mapping.IndexName;
import io.kinesisopensearch.retry.RetryPolicy;
import io.kinesisopensearch.sink.OpenSearchSink;
import io.kinesisopensearch.sink.bulk.BulkResult;
import io.kinesisopensearch.sink.bulk.DualWrites;
import io.kinesisopensearch.sink.deadletter.DeadLetterConfig;
import io.kinesisopensearch.sink.index.IndexBootstrap;
import io.kinesisopensearch.sink.index.IndexBootstrapConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.core.GetResponse;

/**
 * A writer through an alias, against the real node: bootstrap makes the alias and its first index;
 * while the reindex state names two indexes, every action is copied to the one the alias did not
 * write it to, with the version the alias's index gave it; a copy to an index deleted meanwhile is
 * done, creates nothing and is no dead letter. About 8 s, most of it the writers' 5 s refresh.
 */
@ExtendWith(LocalStackExtension.class)
class DualWritesIT {

    @Test
    void actionsThroughAnAliasAreCopiedWithTheirVersionsWhileTheStateSaysSo(LocalStack stack) throws Exception {
        OpenSearchClient openSearch = stack.openSearch();
        String alias = Workers.unique("dual");
        Path settingsFile = Files.writeString(stack.workDir().resolve(alias + ".json"),
                "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0}}");
        IndexBootstrapConfig bootstrap = IndexBootstrapConfig.from(Settings.of(Map.of("OPENSEARCH_INDEX_ALIAS", "true",
                "OPENSEARCH_INDEX_SETTINGS", settingsFile.toString())), IndexName.parse("i", alias));
        IndexBootstrap.apply(openSearch, bootstrap, RetryPolicy.DEFAULT);
        IndexBootstrap.apply(openSearch, bootstrap, RetryPolicy.DEFAULT); // every start: no harm
        String first = alias + "-000001";
        String second = alias + "-000002";
        assertThat(openSearch.indices().getAlias(get -> get.name(alias)).result().get(first).aliases().get(alias)
                .isWriteIndex()).isTrue();
        String plain = Workers.unique("plain");
        openSearch.indices().create(create -> create.index(plain));
        assertThatThrownBy(() -> IndexBootstrap.apply(openSearch, IndexBootstrapConfig.from(Settings.of(Map.of(
                "OPENSEARCH_INDEX_ALIAS", "true")), IndexName.parse("i", plain)), RetryPolicy.DEFAULT))
                .isInstanceOf(ConfigException.class).hasMessageContaining("is an index, not an alias");

        try (OpenSearchSink sink = OpenSearchSink.builder().client(openSearch)
                .deadLetters(DeadLetterConfig.from(Settings.of(Map.of("DEADLETTER_URI",
                        "file:" + stack.workDir().resolve("dead-letters").resolve(alias))))).build()) {
            sink.prepare(bootstrap);
            // No reindex: one index only (the state index may not even exist).
            write(sink, List.of(index(alias, "a", 1), index(alias, "b", 1), index(alias, "c", 1)));
            assertThat(openSearch.indices().exists(exists -> exists.index(second)).value()).isFalse();

            // A reindex starts: the second index with its copy alias, the first's copy alias, the state.
            openSearch.indices().create(create -> create.index(second).aliases(DualWrites.copyAlias(second), a -> a));
            openSearch.indices().updateAliases(update -> update.actions(action -> action.add(add -> add.index(first)
                    .alias(DualWrites.copyAlias(first)))));
            openSearch.index(request -> request.index(DualWrites.STATE_INDEX).id(alias).document(Map.of("alias", alias,
                    DualWrites.COPIES, Map.of(first, DualWrites.copyAlias(first), second, DualWrites.copyAlias(second)))));
            Thread.sleep(DualWrites.REFRESH.toMillis() + 200);

            write(sink, List.of(index(alias, "a", 2), index(alias, "d", 1), DocumentAction.delete(alias, "b")));
            assertThat(version(openSearch, first, "a")).isEqualTo(2);
            assertThat(version(openSearch, second, "a")).as("the copy carries the first index's version").isEqualTo(2);
            assertThat(source(openSearch, second, "a").path("n").asInt()).isEqualTo(2);
            assertThat(version(openSearch, second, "d")).isEqualTo(1);
            assertThat(version(openSearch, second, "c")).as("not written since: the backfill's").isEqualTo(-1);
            // The backfill's copy of a (version 1) arrives after the live copy (version 2): refused as older.
            BulkResult late = sink.writer().write(List.of(DocumentAction.index(second, "a",
                    json("{\"n\":1}")).withVersion(1, io.kinesisopensearch.mapping.VersionType.EXTERNAL_GTE)));
            assertThat(late.stale()).isEqualTo(1);
            assertThat(source(openSearch, second, "a").path("n").asInt()).isEqualTo(2);
            assertThat(sink.dualWrites().counts().copied()).isEqualTo(3);
            // A sink that knows the alias from its settings alone (a Lambda handler's, a load's) copies too.
            try (OpenSearchSink fromSettings = OpenSearchSink.fromSettings(Settings.of(Map.of(
                    "OPENSEARCH_URL", stack.openSearchEndpoint().toString(), "OPENSEARCH_INDEX", alias,
                    "OPENSEARCH_INDEX_ALIAS", "true", "DEADLETTER_URI",
                    "file:" + stack.workDir().resolve("dead-letters").resolve(alias))))) {
                write(fromSettings, List.of(index(alias, "f", 1)));
                assertThat(version(openSearch, second, "f")).isEqualTo(1);
                assertThat(fromSettings.dualWrites().counts().copied()).isEqualTo(1);
            }

            // The second index is deleted (a rollback) while this writer still copies: nothing created, no dead letter.
            openSearch.indices().delete(delete -> delete.index(second));
            BulkResult after = write(sink, List.of(index(alias, "e", 1), DocumentAction.delete(alias, "d")));
            assertThat(after.allDone()).isTrue();
            assertThat(openSearch.indices().exists(exists -> exists.index(second)).value())
                    .as("a copy never creates an index").isFalse();
            assertThat(openSearch.indices().exists(exists -> exists.index(DualWrites.copyAlias(second))).value()).isFalse();
            assertThat(sink.dualWrites().counts().gone()).isEqualTo(2);
            assertThat(sink.counters().snapshot().deadLetters()).isZero();
            System.out.println("Dual writes: " + sink.dualWrites().counts());
        }
    }

    private static BulkResult write(OpenSearchSink sink, List<DocumentAction> actions) throws InterruptedException {
        BulkResult result = sink.writer().write(actions);
        assertThat(result.allDone()).as(result.toString()).isTrue();
        return result;
    }

    private static DocumentAction index(String index, String id, int n) {
        return DocumentAction.index(index, id, json("{\"id\":\"" + id + "\",\"n\":" + n + "}"));
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static long version(OpenSearchClient openSearch, String index, String id) throws Exception {
        GetResponse<JsonNode> found = openSearch.get(get -> get.index(index).id(id), JsonNode.class);
        return found.found() ? found.version() : -1;
    }

    private static JsonNode source(OpenSearchClient openSearch, String index, String id) throws Exception {
        return openSearch.get(get -> get.index(index).id(id), JsonNode.class).source();
    }
}
