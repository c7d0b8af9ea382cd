package io.kinesisopensearch.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    @Test
    void formatWritesWhatIsoInstantWrites() {
        Random random = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong() % 300_000_000_000L;
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            assertThat(Timestamps.format(instant)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
        }
        assertThat(Timestamps.format(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(Timestamps.parse(JsonNodeFactory.instance.numberNode(Long.MIN_VALUE), TimestampFormat.AUTO)).isNull();
    }

    @Test
    void wholeNumbersReadLikeDecimalsOfTheSameValue() {
        Random random = new Random(5);
        for (TimestampFormat format : TimestampFormat.values()) {
            for (int i = 0; i < 5_000; i++) {
                long value = random.nextBoolean() ? random.nextLong() : random.nextLong() % 10_000_000_000_000_000L;
                Instant viaLong = Timestamps.parse(JsonNodeFactory.instance.numberNode(value), format);
                Instant viaDecimal = Timestamps.parse(JsonNodeFactory.instance.numberNode(new BigDecimal(value + ".0")), format);
                assertThat(viaLong).as("%d as %s", value, format).isEqualTo(viaDecimal);
            }
        }
    }
}
