package io.kinesisopensearch.mapping;

import static io.kinesisopensearch.Fixtures.AT;
import static io.kinesisopensearch.Fixtures.gzip;
import static io.kinesisopensearch.Fixtures.json;
import static io.kinesisopensearch.Fixtures.mapper;
import static io.kinesisopensearch.Fixtures.record;
import static io.kinesisopensearch.Fixtures.sample;
import static io.kinesisopensearch.Fixtures.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.decode.ActionType;
import io.kinesisopensearch.decode.FormatDetector;
import io.kinesisopensearch.decode.PayloadFormat;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogsAndTextMappingTest {

    @Test
    void aDataMessageGivesOneDocumentPerLogEventWithItsIdAndTime() throws Exception {
        List<DocumentAction> actions = mapper("mapping.format", "cloudwatch-logs", "opensearch.index", "logs-{yyyy.MM.dd}")
                .map(record(gzip(sample("cloudwatch-logs-data.json"))));

        assertThat(actions).extracting(DocumentAction::id).containsExactly(
                "31953106606966983378809025079804211143289615424298221568",
                "31953106606966983378809025079804211143289615424298221569");
        assertThat(actions).extracting(DocumentAction::index).containsOnly("logs-2015.05.28");
        assertThat(source(actions.get(1))).isEqualTo(json("{\"@timestamp\":\"2015-05-28T15:27:35.123Z\","
                + "\"message\":\"START RequestId: 8f4e2c1a Version: $LATEST\",\"logGroup\":\"/aws/lambda/checkout\","
                + "\"logStream\":\"2026/11/21/[$LATEST]0123456789abcdef0123456789abcdef\",\"owner\":\"111111111111\"}"));
        assertThat(source(actions.get(0)).get("message").asText())
                .isEqualTo("{\"level\":\"ERROR\",\"orderId\":\"o-17\",\"message\":\"payment declined\"}");
    }

    @Test
    void jsonMessagesAreParsedIntoFieldsWhenConfigured() throws Exception {
        List<DocumentAction> actions = mapper("mapping.format", "cloudwatch_logs", "mapping.logs.parse-json", "true")
                .map(record(gzip(sample("cloudwatch-logs-data.json"))));

        assertThat(source(actions.get(0))).isEqualTo(json("{\"level\":\"ERROR\",\"orderId\":\"o-17\","
                + "\"message\":\"payment declined\",\"@timestamp\":\"2015-05-28T15:27:35Z\",\"logGroup\":\"/aws/lambda/checkout\","
                + "\"logStream\":\"2026/11/21/[$LATEST]0123456789abcdef0123456789abcdef\",\"owner\":\"111111111111\"}"));
        assertThat(source(actions.get(1)).get("message").asText()).startsWith("START RequestId");
    }

    @Test
    void aControlMessageGivesNoAction() throws Exception {
        assertThat(mapper("mapping.format", "cloudwatch-logs").map(record(gzip(sample("cloudwatch-logs-control.json")))))
                .isEmpty();
    }

    @Test
    void corruptGzipAndBadMessagesAreMappingErrors() {
        RecordMapper mapper = mapper("mapping.format", "cloudwatch-logs");
        byte[] payload = gzip(sample("cloudwatch-logs-data.json"));
        byte[] truncated = Arrays.copyOf(payload, payload.length / 2);
        byte[] flipped = payload.clone();
        flipped[payload.length - 5] ^= 0x55; // the CRC or length trailer

        assertThatThrownBy(() -> mapper.map(record(truncated))).hasMessageContaining("gzip corrupt");
        assertThatThrownBy(() -> mapper.map(record(flipped))).hasMessageContaining("gzip corrupt");
        assertThatThrownBy(() -> mapper.map(record("{\"messageType\":\"DATA_MESSAGE\"}")))
                .hasMessageEndingWith("not gzip: the record does not start with the gzip magic bytes 1f 8b");
        assertThatThrownBy(() -> mapper.map(record(gzip("{\"messageType\":\"OTHER\"}".getBytes()))))
                .hasMessageEndingWith("CloudWatch Logs messageType is \"OTHER\", expected DATA_MESSAGE or CONTROL_MESSAGE");
        assertThatThrownBy(() -> mapper.map(record(gzip("{\"messageType\":".getBytes()))))
                .hasMessageContaining("bad JSON in CloudWatch Logs payload at offset");
        MappingResult partial = mapper.mapEach(record(gzip(("{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"g\","
                + "\"logStream\":\"s\",\"logEvents\":[{\"id\":\"1\",\"timestamp\":1,\"message\":\"ok\"},"
                + "{\"id\":\"2\",\"timestamp\":\"soon\",\"message\":\"bad\"}]}").getBytes())));
        assertThat(partial.actions()).extracting(DocumentAction::id).containsExactly("1");
        assertThat(partial.errors()).singleElement().satisfies(e -> assertThat(e.reason()).startsWith("log event 1 needs"));
    }

    @Test
    void textLinesBecomeMessagesStampedWithTheArrivalTime() throws Exception {
        List<DocumentAction> actions = mapper("mapping.format", "text")
                .map(record("GET /index.html 200\r\n\n  \nPOST /cart 500\n"));

        assertThat(actions).extracting(a -> source(a)).containsExactly(
                json("{\"message\":\"GET /index.html 200\",\"@timestamp\":\"2026-11-21T10:15:30Z\"}"),
                json("{\"message\":\"POST /cart 500\",\"@timestamp\":\"2026-11-21T10:15:30Z\"}"));
        assertThat(actions).extracting(DocumentAction::id).containsExactly(AT.documentId() + "#0", AT.documentId() + "#1");
    }

    @Test
    void autoDetectionTellsTheFormatsApart() throws Exception {
        RecordMapper auto = mapper("mapping.format", "auto");

        assertThat(auto.map(record(gzip(sample("cloudwatch-logs-data.json"))))).hasSize(2);
        assertThat(auto.map(record(sample("dynamodb-remove.json")))).singleElement()
                .satisfies(a -> assertThat(a.type()).isEqualTo(ActionType.DELETE));
        assertThat(auto.map(record("{\"a\":1}"))).singleElement()
                .satisfies(a -> assertThat(a.source()).isEqualTo("{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
        assertThat(auto.map(record("plain line"))).singleElement()
                .satisfies(a -> assertThat(source(a).get("message").asText()).isEqualTo("plain line"));
        assertThatThrownBy(() -> auto.map(record("{\"a\":"))).hasMessageContaining("bad JSON");
        assertThat(FormatDetector.detect(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '}'}))
                .isEqualTo(PayloadFormat.JSON);
    }
}
