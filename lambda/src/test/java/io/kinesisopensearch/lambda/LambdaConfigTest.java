package io.kinesisopensearch.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LambdaConfigTest {

    @Test
    void theReserveDefaultsToTenSecondsAndMustBeShorterThanLambdasLongestTimeout() {
        assertThat(LambdaConfig.from(Settings.of(Map.of())).timeReserve()).isEqualTo(Duration.ofSeconds(10));
        assertThat(LambdaConfig.from(Settings.of(Map.of("LAMBDA_TIME_RESERVE", "30s"))).timeReserve())
                .isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> LambdaConfig.from(Settings.of(Map.of("lambda.time-reserve", "15m"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("LAMBDA_TIME_RESERVE");
    }

    @Test
    void streamNamesComeFromTheEventSourceArns() {
        assertThat(EventSources.streamName("arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream"))
                .isEqualTo("lambda-stream");
        assertThat(EventSources.streamName(
                "arn:aws:dynamodb:us-east-1:123456789012:table/Books/stream/2015-06-27T00:48:05.899")).isEqualTo("Books");
        assertThat(EventSources.streamLabel(
                "arn:aws:dynamodb:us-east-1:123456789012:table/Books/stream/2015-06-27T00:48:05.899"))
                .isEqualTo("2015-06-27T00:48:05.899");
    }
}
