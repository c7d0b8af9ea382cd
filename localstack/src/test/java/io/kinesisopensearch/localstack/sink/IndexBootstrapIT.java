package io.kinesisopensearch.localstack.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.localstack.FreePorts;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.testing.Workers;
import io.kinesisopensearch.mapping.IndexName;
import io.kinesisopensearch.retry.RetryPolicy;
import io.kinesisopensearch.sink.index.IndexBootstrap;
import io.kinesisopensearch.sink.index.IndexBootstrapConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.mapping.Property;

/**
 * An operator hands the worker an index template or the index's settings and mappings as files;
 * the worker applies them at start-up before its first write, every start, without harm, and
 * stops with a clear message when OpenSearch refuses them.
 */
@ExtendWith(LocalStackExtension.class)
class IndexBootstrapIT {

    private final LocalStack stack;
    private final OpenSearchClient openSearch;
    private final Path directory;

    IndexBootstrapIT(LocalStack stack) throws IOException {
        this.stack = stack;
        this.openSearch = stack.openSearch();
        this.directory = Files.createDirectories(stack.workDir().resolve(Workers.unique("bootstrap")));
    }

    @Test
    void aTemplateIsAppliedAtEveryStartAndShapesTheDailyIndexes() throws Exception {
        String prefix = Workers.unique("logs");
        Path template = write("template.json", """
                {"index_patterns":["%s-*"],
                 "template":{"settings":{"number_of_shards":1,"number_of_replicas":0},
                             "mappings":{"properties":{"status":{"type":"keyword"},"amount":{"type":"double"}}}}}
                """.formatted(prefix));
        IndexBootstrapConfig config = IndexBootstrapConfig.from(
                Settings.of(Map.of("OPENSEARCH_INDEX_TEMPLATE", template.toString())),
                IndexName.parse("opensearch.index", prefix + "-{yyyy.MM.dd}"));

        IndexBootstrap.apply(openSearch, config, RetryPolicy.DEFAULT);
        IndexBootstrap.apply(openSearch, config, RetryPolicy.DEFAULT);

        assertThat(config.templateName()).isEqualTo(prefix);
        assertThat(openSearch.indices().getIndexTemplate(get -> get.name(prefix)).indexTemplates()).hasSize(1);
        String daily = prefix + "-2026.11.24";
        openSearch.index(index -> index.index(daily).id("1").document(Map.of("status", "PAID", "amount", 12)));
        Map<String, Property> fields = openSearch.indices().getMapping(get -> get.index(daily)).result()
                .get(daily).mappings().properties();
        assertThat(fields.get("status").isKeyword()).as("status from the template, not dynamic text").isTrue();
        assertThat(fields.get("amount").isDouble()).as("amount from the template, not dynamic long").isTrue();
    }

    @Test
    void indexSettingsCreateTheIndexOnceAndNeverChangeIt() throws Exception {
        String index = Workers.unique("orders");
        Path file = write("index.json", """
                {"settings":{"number_of_shards":2,"number_of_replicas":0},
                 "mappings":{"dynamic":"strict","properties":{"orderId":{"type":"keyword"}}}}
                """);
        Settings settings = Settings.of(Map.of("OPENSEARCH_INDEX_SETTINGS", file.toString()));
        IndexBootstrap.apply(openSearch, IndexBootstrapConfig.from(settings, IndexName.parse("i", index)),
                RetryPolicy.DEFAULT);

        Files.writeString(file, "{\"settings\":{\"number_of_shards\":5}}");
        IndexBootstrap.apply(openSearch, IndexBootstrapConfig.from(settings, IndexName.parse("i", index)),
                RetryPolicy.DEFAULT);

        assertThat(openSearch.indices().getSettings(get -> get.index(index)).result().get(index).settings()
                .index().numberOfShards()).as("shards of the first start's file").isEqualTo(2);
        assertThat(openSearch.indices().getMapping(get -> get.index(index)).result().get(index).mappings()
                .properties()).containsOnlyKeys("orderId");
    }

    @Test
    void aTemplateOpenSearchRefusesStopsTheWorkerWithTheKeyAndTheReason() throws Exception {
        Path template = write("bad-template.json", """
                {"index_patterns":["bad-*"],"template":{"settings":{"number_of_shards":"many"}}}
                """);
        Map<String, String> settings = Workers.settings(stack, "no-stream", "no-application", "bad-{yyyy}");
        settings.put("OPENSEARCH_INDEX_TEMPLATE", template.toString());

        assertThatThrownBy(() -> Workers.start(settings))
                .isInstanceOf(ConfigException.class)
                .satisfies(error -> System.out.println("Start-up error: " + error.getMessage()))
                .hasMessageStartingWith("OpenSearch refused the index template 'bad' from opensearch.index-template"
                        + " (environment variable OPENSEARCH_INDEX_TEMPLATE) = '" + template + "': 400 ")
                .hasMessageContaining("number_of_shards")
                .hasMessageNotContaining("\n");
    }

    @Test
    void anUnreachableClusterIsTriedABoundedNumberOfTimes() throws Exception {
        Path file = write("index.json", "{\"settings\":{\"number_of_shards\":1}}");
        IndexBootstrapConfig config = IndexBootstrapConfig.from(
                Settings.of(Map.of("OPENSEARCH_INDEX_SETTINGS", file.toString())), IndexName.parse("i", "orders"));
        OpenSearchClient nowhere = io.kinesisopensearch.sink.client.OpenSearchClients.create(
                io.kinesisopensearch.sink.client.OpenSearchConfig.from(Settings.of(Map.of(
                        "OPENSEARCH_URL", "http://127.0.0.1:" + FreePorts.next()))));

        long started = System.nanoTime();
        assertThatThrownBy(() -> IndexBootstrap.apply(nowhere, config,
                new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(50))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Cannot apply the index 'orders'")
                .hasMessageContaining("after 10 attempts");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        nowhere._transport().close();
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(directory.resolve(name), content);
    }
}
