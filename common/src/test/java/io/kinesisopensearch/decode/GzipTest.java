package io.kinesisopensearch.decode;

import static io.kinesisopensearch.Fixtures.gzip;
import static io.kinesisopensearch.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GzipTest {

    @Test
    void inflatesWhateverSizeTheTrailerAnnounces() throws Exception {
        Random random = new Random(5);
        for (int size : new int[] {0, 1, 63, 64, 65, 8191, 8192, 100_000}) {
            byte[] text = new byte[size];
            for (int i = 0; i < size; i++) {
                text[i] = (byte) ('a' + random.nextInt(4));
            }
            byte[] gzip = gzip(text);
            if (size > 0) {
                assertThat(Gzip.sizeHint(gzip)).isEqualTo(size);
            }
            assertThat(Gzip.inflate(record(gzip))).isEqualTo(text);
        }
    }

    @Test
    void concatenatedMembersInflateWholeThoughTheTrailerAnnouncesTheLastOnly() throws Exception {
        byte[] first = gzip(new byte[50_000]);
        byte[] second = gzip("tail".getBytes());
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);

        byte[] inflated = Gzip.inflate(record(both));

        assertThat(inflated).hasSize(50_004);
        assertThat(Arrays.copyOfRange(inflated, 50_000, 50_004)).isEqualTo("tail".getBytes());
    }

    @Test
    void anImplausibleOrLyingTrailerIsOnlyAHint() {
        byte[] gzip = gzip(new byte[1000]);
        gzip[gzip.length - 1] = 0x7f; // announces about 2 GB
        assertThat(Gzip.sizeHint(gzip)).isEqualTo(gzip.length * 4);
        assertThatThrownBy(() -> Gzip.inflate(record(gzip))).hasMessageContaining("gzip corrupt");
    }

    @Test
    void payloadsInflatingPastTheBoundAreRefused() throws Exception {
        byte[] exactly = gzip(new byte[Gzip.MAX_INFLATED_BYTES]);
        assertThat(Gzip.inflate(record(exactly))).hasSize(Gzip.MAX_INFLATED_BYTES);

        byte[] over = gzip(new byte[Gzip.MAX_INFLATED_BYTES + 1]);
        assertThatThrownBy(() -> Gzip.inflate(record(over)))
                .hasMessageEndingWith("gzip payload inflates to more than " + Gzip.MAX_INFLATED_BYTES + " bytes");
    }
}
