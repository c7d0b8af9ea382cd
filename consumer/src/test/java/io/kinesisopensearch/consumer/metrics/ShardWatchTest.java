package io.kinesisopensearch.consumer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** The watch's CloudWatch lines and settings; its stalls and retention are ShardGaugesTest's. */
class ShardWatchTest {

    private final AtomicLong millis = new AtomicLong(1_800_000_000_000L);
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final ShardGauges gauges = new ShardGauges(new SimpleMeterRegistry(), millis::get, nanos::get);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ShardWatch watch = new ShardWatch("orders-indexer", "worker-1", gauges, nanos::get, millis::get,
            new PrintStream(out, true, StandardCharsets.UTF_8));

    @Test
    void everyMinuteALineInCloudWatchsEmbeddedMetricFormat() throws Exception {
        gauges.watch(Duration.ofSeconds(10), Optional.empty());
        ShardGauges.Shard one = gauges.open("orders", "shardId-000000000001");
        ShardGauges.Shard two = gauges.open("orders", "shardId-000000000002");
        one.retention(Duration.ofHours(24));
        two.retention(Duration.ofHours(24));
        two.pending(10, millis.get() - Duration.ofHours(20).toMillis());
        nanos.addAndGet(Duration.ofSeconds(11).toNanos()); // two: 10 records, nothing moved for 11 s

        watch.run();
        nanos.addAndGet(Duration.ofSeconds(30).toNanos());
        watch.run();

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).as("one a minute").hasSize(1);
        JsonNode line = new ObjectMapper().readTree(lines[0]);
        JsonNode directive = line.at("/_aws/CloudWatchMetrics/0");
        assertThat(line.at("/_aws/Timestamp").asLong()).isEqualTo(1_800_000_000_000L);
        assertThat(directive.get("Namespace").asText()).isEqualTo(ShardWatch.NAMESPACE);
        assertThat(directive.at("/Dimensions/0/0").asText()).isEqualTo("Application");
        assertThat(directive.get("Metrics")).extracting(metric -> metric.get("Name").asText())
                .containsExactly("RetentionLeftSeconds", "StalledShards");
        // Each metric and dimension named in the directive is a member of the line: what CloudWatch requires.
        assertThat(line.get("Application").asText()).isEqualTo("orders-indexer");
        assertThat(line.get("RetentionLeftSeconds").asLong()).isEqualTo(Duration.ofHours(4).toSeconds());
        assertThat(line.get("StalledShards").asLong()).isEqualTo(1);

        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
        watch.run();
        assertThat(out.toString(StandardCharsets.UTF_8).split("\n")).hasSize(2);
    }

    @Test
    void aWorkerWithoutShardsReportsOnlyItsStalledShardsFirstAfterAMinute() throws Exception {
        watch.run();
        assertThat(out.toString(StandardCharsets.UTF_8)).as("no shard yet: perhaps in a moment").isEmpty();
        nanos.addAndGet(Duration.ofSeconds(61).toNanos());
        watch.run();

        JsonNode line = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8).trim());

        assertThat(line.at("/_aws/CloudWatchMetrics/0/Metrics")).extracting(metric -> metric.get("Name").asText())
                .containsExactly("StalledShards");
        assertThat(line.has("RetentionLeftSeconds")).isFalse();
    }

    @Test
    void theWatchSettings() {
        assertThat(WatchConfig.from(Settings.of(Map.of()))).isEqualTo(WatchConfig.DEFAULT);
        assertThat(WatchConfig.DEFAULT.stallAfter()).isEqualTo(Duration.ofMinutes(2));
        assertThat(WatchConfig.from(Settings.of(Map.of("SOURCE_RETENTION", "2m", "SOURCE_RETENTION_WARNING", "90s",
                "WORKER_STALL_AFTER", "10s", "METRICS_CLOUDWATCH_EMF", "true"))))
                .isEqualTo(new WatchConfig(Optional.of(Duration.ofMinutes(2)), Optional.of(Duration.ofSeconds(90)),
                        Duration.ofSeconds(10), true));
        Assertions.assertThatThrownBy(() -> WatchConfig.from(Settings.of(Map.of("WORKER_STALL_AFTER", "0s"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("worker.stall-after");
    }
}
