package io.kinesisopensearch.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.config.SourceType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadConfigTest {

    @Test
    void theSourceIsABucketAndAPrefixAndTheRestHasDefaults() {
        LoadConfig config = LoadConfig.from(Settings.of(Map.of("LOAD_SOURCE", "s3://my-bucket/exports/2026/")));
        assertThat(config.bucket()).isEqualTo("my-bucket");
        assertThat(config.prefix()).isEqualTo("exports/2026/");
        assertThat(config.format()).isEqualTo(LoadFormat.AUTO);
        assertThat(config.progressFile()).isEqualTo(Path.of(LoadConfig.DEFAULT_PROGRESS_FILE));
        assertThat(config.exportKeys()).isEmpty();
        assertThat(config.liveSource()).isEqualTo(SourceType.KINESIS);
        assertThat(LoadConfig.from(Settings.of(Map.of("LOAD_SOURCE", "s3://b"))).prefix()).isEmpty();
    }

    @Test
    void theLiveSourceFollowsTheWorkersSourceTypeUnlessSet() {
        assertThat(LoadConfig.from(Settings.of(Map.of("LOAD_SOURCE", "s3://b", "SOURCE_TYPE", "dynamodb-streams")))
                .liveSource()).isEqualTo(SourceType.DYNAMODB_STREAMS);
        assertThat(LoadConfig.from(Settings.of(Map.of("LOAD_SOURCE", "s3://b", "SOURCE_TYPE", "dynamodb-streams",
                "LOAD_DYNAMODB_LIVE_SOURCE", "kinesis"))).liveSource()).isEqualTo(SourceType.KINESIS);
        assertThat(LoadConfig.from(Settings.of(Map.of("LOAD_SOURCE", "s3://b", "LOAD_DYNAMODB_KEYS", "pk, sk")))
                .exportKeys()).isEqualTo(List.of("pk", "sk"));
        assertThat(LoadFormat.byName("a/b.CSV.gz")).contains(LoadFormat.CSV);
        assertThat(LoadFormat.byName("a/b.jsonl")).contains(LoadFormat.NDJSON);
        assertThat(LoadFormat.byName("a/_started")).isEmpty();
    }

    @Test
    void badValuesNameTheirSetting() {
        assertThatThrownBy(() -> LoadConfig.from(Settings.of(Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("LOAD_SOURCE");
        assertThatThrownBy(() -> LoadConfig.from(Settings.of(Map.of("LOAD_SOURCE", "/tmp/files"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("s3://bucket");
        assertThatThrownBy(() -> LoadConfig.from(Settings.of(Map.of("LOAD_SOURCE", "s3://b", "LOAD_FORMAT", "xml"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("LOAD_FORMAT");
        assertThatThrownBy(() -> LoadConfig.from(Settings.of(Map.of("LOAD_SOURCE", "s3://b",
                "LOAD_DYNAMODB_KEYS", "a,b,c")))).isInstanceOf(ConfigException.class).hasMessageContaining("pk,sk");
    }
}
