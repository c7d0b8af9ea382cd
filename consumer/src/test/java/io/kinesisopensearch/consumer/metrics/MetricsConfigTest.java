package io.kinesisopensearch.consumer.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsConfigTest {

    @Test
    void defaultsServePort9464AndLogProgressEveryFiveSecondsAsText() {
        assertThat(MetricsConfig.from(Settings.of(Map.of())))
                .isEqualTo(new MetricsConfig(true, 9464, Duration.ofSeconds(5), "text"));
    }

    @Test
    void environmentNamesFollowTheKeys() {
        MetricsConfig config = MetricsConfig.from(Settings.of(Map.of(
                "METRICS_PORT", "0",
                "METRICS_ENABLED", "false",
                "WORKER_PROGRESS_INTERVAL", "0s",
                "LOG_FORMAT", "json")));

        assertThat(config).isEqualTo(new MetricsConfig(false, 0, Duration.ZERO, "json"));
    }

    @Test
    void aBadPortOrLogFormatStopsTheWorkerNamingTheSetting() {
        assertThatThrownBy(() -> MetricsConfig.from(Settings.of(Map.of("METRICS_PORT", "70000"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("metrics.port");
        assertThatThrownBy(() -> MetricsConfig.from(Settings.of(Map.of("LOG_FORMAT", "JSON"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("log.format (environment variable LOG_FORMAT)")
                .hasMessageContaining("must be text or json");
    }
}
