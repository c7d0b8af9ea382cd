package io.kinesisopensearch.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.kinesisopensearch.record.KplDeaggregator;
import io.kinesisopensearch.record.MappingException;
import io.kinesisopensearch.record.RecordCoordinates;
import io.kinesisopensearch.record.SourceRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.retrieval.AggregatorUtil;
import software.amazon.kinesis.retrieval.KinesisClientRecord;
import software.amazon.kinesis.retrieval.kpl.Messages;

/**
 * common's KPL de-aggregator (for paths that see raw records, like the Firehose transformer) must
 * split aggregates exactly as KCL does for the consumer: same user records, same partition keys,
 * same sub-sequence numbers. The aggregates are built with KCL's own protobuf classes.
 */
class KplDeaggregationAgreesWithKclTest {

    private static final String SEQUENCE = "49590338271490256608559692538361571095921575989136588898";
    private static final Instant ARRIVAL = Instant.parse("2026-11-21T10:15:30Z");

    @Test
    void bothDeaggregatorsGiveTheSameUserRecords() throws Exception {
        Random random = new Random(7);
        for (int aggregate = 0; aggregate < 50; aggregate++) {
            byte[] data = aggregate(random, 1 + random.nextInt(30));

            List<KinesisClientRecord> kcl = new AggregatorUtil().deaggregate(List.of(kclRecord(data)));
            List<SourceRecord> ours = KplDeaggregator.deaggregate(sourceRecord(data));

            assertThat(ours).hasSameSizeAs(kcl);
            for (int i = 0; i < kcl.size(); i++) {
                KinesisClientRecord expected = kcl.get(i);
                SourceRecord actual = ours.get(i);
                assertThat(actual.coordinates().subSequenceNumber()).isEqualTo(expected.subSequenceNumber());
                assertThat(actual.coordinates().partitionKey()).isEqualTo(expected.partitionKey());
                assertThat(actual.coordinates().sequenceNumber()).isEqualTo(expected.sequenceNumber());
                assertThat(actual.data()).isEqualTo(bytes(expected.data()));
            }
        }
    }

    @Test
    void aPlainRecordIsPassedOnByBoth() throws Exception {
        byte[] plain = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

        assertThat(new AggregatorUtil().deaggregate(List.of(kclRecord(plain)))).singleElement()
                .satisfies(record -> assertThat(bytes(record.data())).isEqualTo(plain));
        assertThat(KplDeaggregator.deaggregate(sourceRecord(plain))).singleElement()
                .satisfies(record -> assertThat(record.data()).isEqualTo(plain));
    }

    @Test
    void onABadChecksumKclPassesTheRecordOnWhileCommonReportsIt() throws Exception {
        byte[] corrupt = aggregate(new Random(1), 3);
        corrupt[corrupt.length - 1] ^= 1;

        // KCL treats it as a plain record; indexing KPL framing as a document helps nobody, so common refuses it.
        assertThat(new AggregatorUtil().deaggregate(List.of(kclRecord(corrupt)))).singleElement()
                .satisfies(record -> assertThat(bytes(record.data())).isEqualTo(corrupt));
        assertThatThrownBy(() -> KplDeaggregator.deaggregate(sourceRecord(corrupt)))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("the MD5 checksum does not match");
    }

    /** An aggregate as the KPL writes it: magic, AggregatedRecord protobuf, MD5 of the protobuf. */
    private static byte[] aggregate(Random random, int records) throws Exception {
        Messages.AggregatedRecord.Builder aggregate = Messages.AggregatedRecord.newBuilder();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1 + random.nextInt(5); i++) {
            keys.add("partition-" + i + "-" + "ü".repeat(random.nextInt(3)));
            aggregate.addPartitionKeyTable(keys.get(i));
        }
        aggregate.addExplicitHashKeyTable("0");
        for (int i = 0; i < records; i++) {
            byte[] payload = new byte[random.nextInt(400)];
            random.nextBytes(payload);
            Messages.Record.Builder record = Messages.Record.newBuilder()
                    .setPartitionKeyIndex(random.nextInt(keys.size()))
                    .setData(ByteString.copyFrom(payload));
            if (random.nextBoolean()) {
                record.setExplicitHashKeyIndex(0);
            }
            if (random.nextBoolean()) {
                record.addTags(Messages.Tag.newBuilder().setKey("origin").setValue("test"));
            }
            aggregate.addRecords(record);
        }
        byte[] body = aggregate.build().toByteArray();
        byte[] digest = MessageDigest.getInstance("MD5").digest(body);
        ByteBuffer framed = ByteBuffer.allocate(AggregatorUtil.AGGREGATED_RECORD_MAGIC.length + body.length + digest.length);
        framed.put(AggregatorUtil.AGGREGATED_RECORD_MAGIC).put(body).put(digest);
        return framed.array();
    }

    private static KinesisClientRecord kclRecord(byte[] data) {
        return KinesisClientRecord.builder().data(ByteBuffer.wrap(data)).partitionKey("outer-key")
                .sequenceNumber(SEQUENCE).approximateArrivalTimestamp(ARRIVAL).build();
    }

    private static SourceRecord sourceRecord(byte[] data) {
        return new SourceRecord(new RecordCoordinates("orders", "shardId-000000000000", SEQUENCE, 0, "outer-key", ARRIVAL),
                data);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
