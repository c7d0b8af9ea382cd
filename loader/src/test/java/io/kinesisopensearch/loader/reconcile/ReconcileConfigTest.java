package io.kinesisopensearch.loader.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.config.SourceType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcileConfigTest {

    @Test
    void aTableOrAPrefix() {
        ReconcileConfig table = ReconcileConfig.from(Settings.of(Map.of("reconcile.source", "dynamodb:orders",
                "source.type", "dynamodb-streams")));
        assertThat(table.table()).contains("orders");
        assertThat(table.objects()).isEmpty();
        assertThat(table.scanSegments()).isEqualTo(4);
        assertThat(table.settleTime()).isEqualTo(Duration.ofSeconds(5));
        assertThat(table.liveSource()).isEqualTo(SourceType.DYNAMODB_STREAMS);
        ReconcileConfig objects = ReconcileConfig.from(Settings.of(Map.of("reconcile.source", "s3://bucket/customers/",
                "reconcile.settle-time", "2s")));
        assertThat(objects.objects()).hasValueSatisfying(load -> {
            assertThat(load.bucket()).isEqualTo("bucket");
            assertThat(load.prefix()).isEqualTo("customers/");
        });
        assertThat(objects.settleTime()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aBadSourceIsOneLineNamingTheSetting() {
        assertThatThrownBy(() -> ReconcileConfig.from(Settings.of(Map.of("reconcile.source", "orders"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("reconcile.source")
                .hasMessageContaining("dynamodb:<table> or s3://bucket/prefix").message().doesNotContain("\n");
        assertThatThrownBy(() -> ReconcileConfig.from(Settings.of(Map.of("reconcile.source", "dynamodb:a b"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("table name");
        assertThatThrownBy(() -> ReconcileConfig.from(Settings.of(Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RECONCILE_SOURCE");
        assertThatThrownBy(() -> ReconcileConfig.from(Settings.of(Map.of("reconcile.source", "dynamodb:orders",
                "reconcile.scan-segments", "0")))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("reconcile.scan-segments");
    }
}
