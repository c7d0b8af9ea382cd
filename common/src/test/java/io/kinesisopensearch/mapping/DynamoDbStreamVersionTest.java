package io.kinesisopensearch.mapping;

import static io.kinesisopensearch.Fixtures.mapper;
import static io.kinesisopensearch.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.decode.ActionType;
import io.kinesisopensearch.record.MappingException;
import org.junit.jupiter.api.Test;

/** Versions of changes read from a table's own DynamoDB Stream: the time to the second plus the sequence number. */
class DynamoDbStreamVersionTest {

    private final RecordMapper mapper = mapper("mapping.format", "dynamodb", "opensearch.index", "orders");

    @Test
    void twoChangesWithinOneSecondAreOrderedByTheirSequenceNumbers() throws Exception {
        DocumentAction first = map("INSERT", 1_795_479_960_000L, "000000000000000000017");
        DocumentAction second = map("MODIFY", 1_795_479_960_000L, "000000000000000000023");

        assertThat(second.version()).isGreaterThan(first.version());
        assertThat(first.version()).isEqualTo(1_795_479_960L * 1_000_000_000L + 17);
    }

    @Test
    void aLaterSecondWinsWhateverItsLowDigits() throws Exception {
        DocumentAction earlier = map("MODIFY", 1_795_479_960_000L, "4421584500000000017999999999");
        DocumentAction later = map("REMOVE", 1_795_479_961_000L, "4421584500000000018000000001");

        assertThat(later.version()).isGreaterThan(earlier.version());
        assertThat(later.type()).isEqualTo(ActionType.DELETE);
    }

    @Test
    void aReplayedChangeKeepsItsVersionAndStaysBelowTheNextChange() throws Exception {
        DocumentAction change = map("MODIFY", 1_795_479_960_000L, "300000000003853498427");
        DocumentAction replay = map("MODIFY", 1_795_479_960_000L, "300000000003853498427");
        DocumentAction next = map("MODIFY", 1_795_479_960_000L, "300000000003853498428");

        assertThat(replay.version()).isEqualTo(change.version());
        assertThat(next.version()).isGreaterThan(replay.version());
    }

    @Test
    void streamVersionsAreAboveTheMicrosecondVersionsOfKinesisDeliveredChanges() throws Exception {
        DocumentAction viaKinesis = mapper.map(record(change("MODIFY", 1_795_479_960_123_456L, null))).get(0);
        DocumentAction viaStream = map("MODIFY", 1_795_479_960_000L, "1");

        assertThat(viaKinesis.version()).isEqualTo(1_795_479_960_123_456L);
        assertThat(viaStream.version()).isGreaterThan(viaKinesis.version());
    }

    @Test
    void aSequenceNumberThatIsNoNumberMakesTheRecordADeadLetter() {
        assertThatThrownBy(() -> mapper.map(record(change("MODIFY", 1_795_479_960_000L, "12a4"))))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("/dynamodb/SequenceNumber");
    }

    private DocumentAction map(String eventName, long creationMillis, String sequenceNumber) throws Exception {
        return mapper.map(record(change(eventName, creationMillis, sequenceNumber))).get(0);
    }

    private static String change(String eventName, long creation, String sequenceNumber) {
        String image = "{\"id\":{\"S\":\"o-1\"},\"total\":{\"N\":\"12\"}}";
        return "{\"eventName\":\"" + eventName + "\",\"eventSource\":\"aws:dynamodb\",\"dynamodb\":{"
                + "\"ApproximateCreationDateTime\":" + creation + ",\"Keys\":{\"id\":{\"S\":\"o-1\"}},"
                + ("REMOVE".equals(eventName) ? "\"OldImage\":" : "\"NewImage\":") + image
                + (sequenceNumber == null ? "" : ",\"SequenceNumber\":\"" + sequenceNumber + "\"") + "}}";
    }
}
