package io.kinesisopensearch.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.loader.images.ImageLabelsConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings of S3 events through SQS and of image labels: defaults, and bad values stopping the start with one line. */
class S3EventsSettingsTest {

    @Test
    void defaults() {
        Settings settings = Settings.of(Map.of("sqs.queue-url", "https://sqs.eu-west-1.amazonaws.com/1/s3-events"));

        S3EventsConfig events = S3EventsConfig.from(settings);
        SqsLoadConfig sqs = SqsLoadConfig.from(settings);
        ImageLabelsConfig images = ImageLabelsConfig.from(settings);

        assertThat(events).isEqualTo(new S3EventsConfig(LoadFormat.AUTO, "s3", 5));
        assertThat(sqs.queueName()).isEqualTo("s3-events");
        assertThat(sqs.waitTime()).isEqualTo(Duration.ofSeconds(20));
        assertThat(sqs.visibilityTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(images.index()).isEqualTo("images");
        assertThat(images.maxLabels()).isEqualTo(10);
        assertThat(images.minConfidence()).isEqualTo(55f);
        assertThat(images.indexTemplate().template().orElseThrow().json()).contains("\"index_patterns\": [\"images\"]");
        assertThat(images.indexTemplate().templateName()).isEqualTo("kinesis-opensearch-images-images");
    }

    @Test
    void badValuesStopTheStartNamingTheSetting() {
        assertThatThrownBy(() -> SqsLoadConfig.from(Settings.of(Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sqs.queue-url (environment variable SQS_QUEUE_URL)");
        assertThatThrownBy(() -> SqsLoadConfig.from(Settings.of(Map.of("sqs.queue-url", "q", "sqs.wait-time", "30s"))))
                .hasMessageContaining("at most 20s");
        assertThatThrownBy(() -> S3EventsConfig.from(Settings.of(Map.of("sqs.max-receives", "0"))))
                .hasMessageContaining("sqs.max-receives");
        assertThatThrownBy(() -> S3EventsConfig.from(Settings.of(Map.of("load.object-field", "_source"))))
                .hasMessageContaining("load.object-field");
        assertThatThrownBy(() -> ImageLabelsConfig.from(Settings.of(Map.of("images.min-confidence", "101"))))
                .hasMessageContaining("from 0 to 100");
        assertThatThrownBy(() -> ImageLabelsConfig.from(Settings.of(Map.of("images.index", "photos-{yyyy}"))))
                .hasMessageContaining("fixed index name");
        assertThatThrownBy(() -> ImageLabelsConfig.from(Settings.of(Map.of("images.link", "https://cdn.example.com/"))))
                .hasMessageContaining("{key}");
    }

    @Test
    void imagesAreKnownByTheirExtensionOrContentType() {
        assertThat(LoadFormat.isImage("camera roll/IMG_0001.JPG", null)).isTrue();
        assertThat(LoadFormat.isImage("uploads/7f3a", "image/png")).isTrue();
        assertThat(LoadFormat.isImage("books.csv", "text/csv")).isFalse();
        assertThat(LoadFormat.byName("IMG_0001.jpg")).isEmpty();
    }
}
