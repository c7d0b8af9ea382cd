package io.kinesisopensearch.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.Fixtures;
import io.kinesisopensearch.record.KplAggregateEncoder.UserRecord;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KplDeaggregatorTest {

    private static final List<UserRecord> USER_RECORDS = List.of(
            new UserRecord("customer-1", null, "{\"n\":1}".getBytes(StandardCharsets.UTF_8)),
            new UserRecord("customer-2", "170141183460469231731687303715884105728", "{\"n\":2}".getBytes(StandardCharsets.UTF_8)),
            new UserRecord("customer-1", null, new byte[0]),
            new UserRecord("kunde-ü", null, new byte[300]));

    @Test
    void anAggregateSplitsIntoItsUserRecordsWithSubSequenceNumbersAndPartitionKeys() throws Exception {
        SourceRecord aggregate = Fixtures.record(KplAggregateEncoder.encode(USER_RECORDS));

        List<SourceRecord> records = KplDeaggregator.deaggregate(aggregate);

        assertThat(records).hasSize(4);
        for (int i = 0; i < records.size(); i++) {
            RecordCoordinates at = records.get(i).coordinates();
            assertThat(at.subSequenceNumber()).isEqualTo(i);
            assertThat(at.partitionKey()).isEqualTo(USER_RECORDS.get(i).partitionKey());
            assertThat(at.sequenceNumber()).isEqualTo(Fixtures.AT.sequenceNumber());
            assertThat(at.arrivalTime()).isEqualTo(Fixtures.AT.arrivalTime());
            assertThat(records.get(i).data()).isEqualTo(USER_RECORDS.get(i).data());
        }
        assertThat(records).extracting(r -> r.coordinates().documentId()).doesNotHaveDuplicates();
    }

    @Test
    void aPlainRecordPassesThroughUnchanged() throws Exception {
        SourceRecord plain = Fixtures.record("{\"a\":1}");

        assertThat(KplDeaggregator.deaggregate(plain)).containsExactly(plain);
        assertThat(KplDeaggregator.isAggregated(plain.data())).isFalse();
    }

    @Test
    void corruptAggregatesAreMappingErrors() {
        byte[] good = KplAggregateEncoder.encode(USER_RECORDS);
        byte[] changed = good.clone();
        changed[10] ^= 1;
        byte[] truncated = Arrays.copyOf(good, good.length - 3);
        byte[] onlyMagic = Arrays.copyOf(good, 6);

        assertThatThrownBy(() -> KplDeaggregator.deaggregate(Fixtures.record(changed)))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("KPL aggregated record corrupt: the MD5 checksum does not match");
        assertThatThrownBy(() -> KplDeaggregator.deaggregate(Fixtures.record(truncated)))
                .hasMessageContaining("the MD5 checksum does not match");
        assertThatThrownBy(() -> KplDeaggregator.deaggregate(Fixtures.record(onlyMagic)))
                .hasMessageContaining("truncated: 6 bytes");
    }

    @Test
    void wellChecksummedButMalformedProtobufIsAMappingError() {
        // a sub-record pointing at a partition key the table does not have
        byte[] body = {0x0a, 0x01, 'k', 0x1a, 0x05, 0x08, 0x07, 0x1a, 0x01, 'x'};
        assertThatThrownBy(() -> KplDeaggregator.deaggregate(Fixtures.record(withFraming(body))))
                .hasMessageEndingWith("sub-record 0 names partition key 7 of a table of 1");
        // a length that runs past the end
        byte[] overrun = {0x0a, 0x7f, 'k'};
        assertThatThrownBy(() -> KplDeaggregator.deaggregate(Fixtures.record(withFraming(overrun))))
                .hasMessageContaining("runs past the end");
        // an unterminated varint
        byte[] varint = {(byte) 0x80, (byte) 0x80};
        assertThatThrownBy(() -> KplDeaggregator.deaggregate(Fixtures.record(withFraming(varint))))
                .hasMessageContaining("truncated varint");
        // a sub-record without data
        byte[] noData = {0x0a, 0x01, 'k', 0x1a, 0x02, 0x08, 0x00};
        assertThatThrownBy(() -> KplDeaggregator.deaggregate(Fixtures.record(withFraming(noData))))
                .hasMessageEndingWith("sub-record 0 lacks its partition key index or its data");
    }

    static byte[] withFraming(byte[] body) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("MD5").digest(body);
            byte[] framed = new byte[4 + body.length + 16];
            framed[0] = (byte) 0xF3;
            framed[1] = (byte) 0x89;
            framed[2] = (byte) 0x9A;
            framed[3] = (byte) 0xC2;
            System.arraycopy(body, 0, framed, 4, body.length);
            System.arraycopy(digest, 0, framed, 4 + body.length, 16);
            return framed;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
