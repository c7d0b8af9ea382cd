package io.kinesisopensearch.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.mapping.DocumentHook;
import io.kinesisopensearch.mapping.MappingHooks;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The handler on real-shaped Firehose events: one answer per record, one document per Ok answer. */
class FirehoseTransformHandlerTest {

    private RecordingReingestion reingestion = RecordingReingestion.acceptingAll();

    @Test
    void directPutJsonRecordsAreOkAndNamedByDeliveryStreamAndRecordId() throws Exception {
        Events event = Events.directPut();
        String first = event.add("{\"orderId\":\"o-1\",\"amount\":12.50}");
        String second = event.add("{\"orderId\":\"o-2\",\"amount\":7}");

        FirehoseTransformHandler.Invocation invocation = handler(Map.of("mapping.metadata-field", "kinesis"))
                .transform(new ByteArrayInputStream(event.bytes()), null);

        List<JsonNode> answers = Events.answers(invocation.response());
        assertThat(answers).extracting(a -> a.get("recordId").asText()).containsExactly(first, second);
        assertThat(answers).extracting(a -> a.get("result").asText()).containsOnly("Ok");
        JsonNode document = data(answers.get(0));
        assertThat(document.get("orderId").asText()).isEqualTo("o-1");
        assertThat(document.get("amount").decimalValue()).isEqualByComparingTo("12.50");
        JsonNode metadata = document.get("kinesis");
        assertThat(metadata.get("stream").asText()).isEqualTo("logs-to-search");
        assertThat(metadata.get("shardId").asText()).isEqualTo(FirehoseEvent.DIRECT_PUT_SHARD);
        assertThat(metadata.get("sequenceNumber").asText()).isEqualTo(first);
        assertThat(metadata.get("arrivalTime").asText()).isEqualTo("2017-05-18T02:02:29.453Z");
        assertThat(reingestion.calls).isZero();
    }

    @Test
    void kinesisSourcedRecordsCarryTheirShardAndSequenceNumberIntoTheMapping() throws Exception {
        Events event = Events.kinesisSource();
        event.add("{\"orderId\":\"o-1\"}");

        JsonNode answer = Events.answers(handler(Map.of("mapping.metadata-field", "kinesis"))
                .transform(new ByteArrayInputStream(event.bytes()), null).response()).get(0);

        assertThat(answer.get("result").asText()).isEqualTo("Ok");
        JsonNode metadata = data(answer).get("kinesis");
        assertThat(metadata.get("stream").asText()).isEqualTo("orders");
        assertThat(metadata.get("shardId").asText()).isEqualTo("shardId-000000000000");
        assertThat(metadata.get("sequenceNumber").asText()).isEqualTo("49545115243490985018280067714973144582180062593244201000");
        assertThat(metadata.get("partitionKey").asText()).isEqualTo("partitionKey-0");
    }

    @Test
    void theSampleEventsAsAwsPrintsThemAreRead() throws Exception {
        // Direct PUT, as in the Firehose data-transformation documentation (data: "Hello, this is a test 123.").
        String directPut = "{\"invocationId\":\"invocationIdExample\",\"deliveryStreamArn\":\"arn:aws:kinesis:EXAMPLE\","
                + "\"region\":\"us-east-1\",\"records\":[{\"recordId\":\"49546986683135544286507457936321625675700192471156785154\","
                + "\"approximateArrivalTimestamp\":1495072949453,\"data\":\"SGVsbG8sIHRoaXMgaXMgYSB0ZXN0IDEyMy4=\"}]}";
        // Kinesis-sourced, sub-sequence number as a string, metadata fields in another order.
        String kinesis = "{\"invocationId\":\"invocationIdExample\",\"sourceKinesisStreamArn\":\"arn:aws:kinesis:us-east-1:"
                + "123456789012:stream/source\",\"deliveryStreamArn\":\"arn:aws:firehose:us-east-1:123456789012:deliverystream/d\","
                + "\"region\":\"us-east-1\",\"records\":[{\"recordId\":\"49546986683135544286507457936321625675700192471156785154\","
                + "\"approximateArrivalTimestamp\":1495072949453,\"kinesisRecordMetadata\":{\"sequenceNumber\":"
                + "\"49545115243490985018280067714973144582180062593244200961\",\"subsequenceNumber\":\"123456\",\"partitionKey\":"
                + "\"partitionKey-03\",\"shardId\":\"shardId-000000000000\",\"approximateArrivalTimestamp\":1495072949453},"
                + "\"data\":\"SGVsbG8sIHRoaXMgaXMgYSB0ZXN0IDEyMy4=\"}]}";
        FirehoseTransformHandler handler = handler(Map.of("mapping.format", "text", "mapping.metadata-field", "kinesis"));

        JsonNode plain = Events.answers(handler.transform(new ByteArrayInputStream(directPut.getBytes()), null).response()).get(0);
        JsonNode sourced = Events.answers(handler.transform(new ByteArrayInputStream(kinesis.getBytes()), null).response()).get(0);

        assertThat(data(plain).get("message").asText()).isEqualTo("Hello, this is a test 123.");
        assertThat(data(plain).at("/kinesis/stream").asText()).isEqualTo("arn:aws:kinesis:EXAMPLE");
        assertThat(data(sourced).at("/kinesis/stream").asText()).isEqualTo("source");
        assertThat(data(sourced).at("/kinesis/subSequenceNumber").asLong()).isEqualTo(123456);
        assertThat(data(sourced).at("/kinesis/partitionKey").asText()).isEqualTo("partitionKey-03");
    }

    @Test
    void aCloudWatchLogsRecordBecomesOneDocumentPerEventAndThePiecesAreNeverSplitAgain() throws Exception {
        Events event = Events.directPut();
        String recordId = event.add(Events.logs("/aws/lambda/checkout", "2026/11/21/[$LATEST]abc",
                "START RequestId: 1", "{\"level\":\"ERROR\",\"msg\":\"card declined\"}", "END RequestId: 1"));
        FirehoseTransformHandler handler = handler(Map.of("mapping.format", "cloudwatch-logs",
                "mapping.logs.parse-json", "true"));

        FirehoseTransformHandler.Invocation invocation = handler.transform(new ByteArrayInputStream(event.bytes()), null);

        JsonNode answer = Events.answers(invocation.response()).get(0);
        assertThat(answer.get("recordId").asText()).isEqualTo(recordId);
        assertThat(answer.get("result").asText()).isEqualTo("Ok");
        assertThat(data(answer).get("message").asText()).isEqualTo("START RequestId: 1");
        assertThat(reingestion.streams).containsExactly(Events.DELIVERY_STREAM_ARN);
        assertThat(reingestion.accepted).hasSize(2).allMatch(Pieces::isPiece);
        assertThat(invocation.report().documents()).isEqualTo(3);
        assertThat(invocation.report().piecesPut()).isEqualTo(2);

        // The pieces come round again: each is answered Ok with its document, as it is.
        Events again = Events.directPut();
        reingestion.accepted.forEach(again::add);
        List<JsonNode> answers = Events.answers(handler.transform(new ByteArrayInputStream(again.bytes()), null).response());
        assertThat(answers).extracting(a -> a.get("result").asText()).containsExactly("Ok", "Ok");
        assertThat(data(answers.get(0)).get("level").asText()).isEqualTo("ERROR");
        assertThat(data(answers.get(0)).get("logGroup").asText()).isEqualTo("/aws/lambda/checkout");
        assertThat(data(answers.get(1)).get("message").asText()).isEqualTo("END RequestId: 1");
        assertThat(reingestion.accepted).hasSize(2);
    }

    @Test
    void controlMessagesAndFilteredRecordsAreDropped() throws Exception {
        Events event = Events.directPut();
        event.add(Events.controlMessage());
        event.add(Events.logs("/g", "s"));

        FirehoseTransformHandler.Invocation invocation = handler(Map.of("mapping.format", "cloudwatch-logs"))
                .transform(new ByteArrayInputStream(event.bytes()), null);

        assertThat(Events.answers(invocation.response())).allSatisfy(answer -> {
            assertThat(answer.get("result").asText()).isEqualTo("Dropped");
            assertThat(answer.has("data")).isFalse();
        });
        assertThat(invocation.report().dropped()).isEqualTo(2);
    }

    @Test
    void badBase64AndBadJsonAreProcessingFailedWithTheReasonAndTheirNeighboursAreNot() throws Exception {
        Events event = Events.directPut();
        String notBase64 = event.addRawData("\"not*base64!\"");
        String good = event.add("{\"ok\":true}");
        String badJson = event.add("{\"orderId\":\"o-1\",");
        String notAString = event.addRawData("42");

        FirehoseTransformHandler.Invocation invocation = handler(Map.of())
                .transform(new ByteArrayInputStream(event.bytes()), null);

        Map<String, String> results = results(invocation.response());
        assertThat(results).containsEntry(notBase64, "ProcessingFailed").containsEntry(good, "Ok")
                .containsEntry(badJson, "ProcessingFailed").containsEntry(notAString, "ProcessingFailed");
        assertThat(invocation.report().failures()).hasSize(3).anySatisfy(reason -> assertThat(reason)
                .startsWith("recordId " + notBase64 + ": data is not base64"))
                .anySatisfy(reason -> assertThat(reason).startsWith("recordId " + badJson + ": bad JSON"));
    }

    @Test
    void aMappingHookChosenInCodeAddsItsFieldAndWhatItThrowsIsProcessingFailedWithItsMessage() throws Exception {
        Events event = Events.directPut();
        String priced = event.add("{\"sku\":\"a-1\",\"price\":2.5,\"quantity\":4}");
        String unpriced = event.add("{\"sku\":\"b-2\",\"quantity\":1}");
        DocumentHook total = document -> {
            ObjectNode fields = document.fields();
            if (!fields.has("price")) {
                throw new IllegalArgumentException("no price for " + fields.path("sku").asText());
            }
            fields.put("total", fields.get("price").asDouble() * fields.path("quantity").asInt());
        };
        FirehoseTransformHandler handler = new FirehoseTransformHandler(
                Settings.of(Map.of("opensearch.index", "logs")), MappingHooks.of(total));

        FirehoseTransformHandler.Invocation invocation = handler.transform(new ByteArrayInputStream(event.bytes()), null);

        Map<String, String> results = results(invocation.response());
        assertThat(results).containsEntry(priced, "Ok").containsEntry(unpriced, "ProcessingFailed");
        JsonNode answer = Events.answers(invocation.response()).stream()
                .filter(a -> a.get("recordId").asText().equals(priced)).findFirst().orElseThrow();
        assertThat(data(answer).get("total").asDouble()).isEqualTo(10.0);
        assertThat(invocation.report().failures()).singleElement().satisfies(reason -> assertThat(reason)
                .contains("java.lang.IllegalArgumentException: no price for b-2"));
    }

    @Test
    void aRecordIsProcessingFailedWithoutDataWhenAnyOfItsPiecesIsRefused() throws Exception {
        reingestion = new RecordingReingestion(piece -> !new String(piece, StandardCharsets.UTF_8).contains("refuse me"));
        Events event = Events.directPut();
        String refused = event.add(Events.logs("/g", "s", "first", "refuse me", "third"));
        String accepted = event.add(Events.logs("/g", "s", "one", "two"));

        FirehoseTransformHandler.Invocation invocation = handler(Map.of("mapping.format", "cloudwatch-logs"))
                .transform(new ByteArrayInputStream(event.bytes()), null);

        List<JsonNode> answers = Events.answers(invocation.response());
        assertThat(answers.get(0).get("recordId").asText()).isEqualTo(refused);
        assertThat(answers.get(0).get("result").asText()).isEqualTo("ProcessingFailed");
        assertThat(answers.get(0).has("data")).isFalse();
        assertThat(answers.get(1).get("recordId").asText()).isEqualTo(accepted);
        assertThat(answers.get(1).get("result").asText()).isEqualTo("Ok");
        assertThat(invocation.report().failures()).singleElement().asString().contains("did not accept all its pieces");
    }

    @Test
    void aDeliveryStreamReadingAKinesisStreamCannotTakePiecesSoSplitRecordsFailWithTheReason() throws Exception {
        Events event = Events.kinesisSource();
        event.add(Events.logs("/g", "s", "one", "two"));
        event.add(Events.logs("/g", "s", "alone"));

        FirehoseTransformHandler.Invocation invocation = handler(Map.of("mapping.format", "cloudwatch-logs"))
                .transform(new ByteArrayInputStream(event.bytes()), null);

        assertThat(Events.answers(invocation.response())).extracting(a -> a.get("result").asText())
                .containsExactly("ProcessingFailed", "Ok");
        assertThat(invocation.report().failures()).singleElement().asString()
                .contains("holds 2 documents").contains("reads a Kinesis stream");
        assertThat(reingestion.calls).isZero();
    }

    @Test
    void aBatchOverSixMegabytesIsAnsweredWithinTheLimitAndTheRestGoesBackAsPieces() throws Exception {
        Events event = Events.directPut();
        String filler = "x".repeat(1_000);
        int records = 7_000; // 7 MB of documents, 9.3 MB of base64
        for (int i = 0; i < records; i++) {
            event.add("{\"n\":" + i + ",\"text\":\"" + filler + "\"}");
        }
        byte[] request = event.bytes();
        assertThat(request.length).isGreaterThan(6_000_000);

        FirehoseTransformHandler.Invocation invocation = handler(Map.of())
                .transform(new ByteArrayInputStream(request), null);

        assertThat(invocation.response().length).isLessThanOrEqualTo(TransformerConfig.LAMBDA_RESPONSE_LIMIT);
        List<JsonNode> answers = Events.answers(invocation.response());
        assertThat(answers).hasSize(records);
        assertThat(new HashSet<>(answers.stream().map(a -> a.get("recordId").asText()).toList())).hasSize(records);
        Set<Integer> delivered = new HashSet<>();
        for (JsonNode answer : answers) {
            if (answer.get("result").asText().equals("Ok")) {
                assertThat(delivered.add(data(answer).get("n").asInt())).isTrue();
            } else {
                assertThat(answer.get("result").asText()).isEqualTo("Dropped");
            }
        }
        for (byte[] piece : reingestion.accepted) {
            assertThat(delivered.add(Events.json(Pieces.document(piece)).get("n").asInt())).isTrue();
        }
        assertThat(delivered).hasSize(records);
        assertThat(invocation.report().overflowRecords()).isEqualTo(reingestion.accepted.size()).isPositive();
    }

    @Test
    void theResponseLimitIsASettingAndPiecesThatOverflowItGoBackAsTheyCame() throws Exception {
        Events event = Events.directPut();
        for (int i = 0; i < 20; i++) {
            event.add(Pieces.mark(("{\"n\":" + i + ",\"text\":\"" + "y".repeat(400) + "\"}").getBytes(StandardCharsets.UTF_8)));
        }

        FirehoseTransformHandler.Invocation invocation = handler(Map.of(TransformerConfig.RESPONSE_LIMIT, "5000"))
                .transform(new ByteArrayInputStream(event.bytes()), null);

        assertThat(invocation.response().length).isLessThanOrEqualTo(5_000);
        assertThat(invocation.report().ok()).isBetween(1, 19);
        assertThat(reingestion.accepted).hasSize(20 - invocation.report().ok())
                .allSatisfy(piece -> assertThat(Pieces.isPiece(piece)).isTrue())
                .allSatisfy(piece -> assertThat(Pieces.isPiece(Pieces.document(piece))).isFalse());
    }

    @Test
    void deletesAreDroppedAndChosenIdsAreDeliveredWithFirehosesIdOrDroppedAsConfigured() throws Exception {
        String insert = "{\"eventName\":\"INSERT\",\"eventSource\":\"aws:dynamodb\",\"dynamodb\":{"
                + "\"ApproximateCreationDateTime\":1646346340000,\"Keys\":{\"pk\":{\"S\":\"a\"}},"
                + "\"NewImage\":{\"pk\":{\"S\":\"a\"},\"n\":{\"N\":\"1\"}}}}";
        String remove = "{\"eventName\":\"REMOVE\",\"eventSource\":\"aws:dynamodb\",\"dynamodb\":{"
                + "\"ApproximateCreationDateTime\":1646346341000,\"Keys\":{\"pk\":{\"S\":\"a\"}}}}";
        Events event = Events.kinesisSource();
        event.add(insert);
        event.add(remove);

        FirehoseTransformHandler.Invocation delivered = handler(Map.of("mapping.format", "dynamodb"))
                .transform(new ByteArrayInputStream(event.bytes()), null);
        FirehoseTransformHandler.Invocation dropped = handler(Map.of("mapping.format", "dynamodb",
                TransformerConfig.CHOSEN_IDS, "drop")).transform(new ByteArrayInputStream(event.bytes()), null);

        List<JsonNode> answers = Events.answers(delivered.response());
        assertThat(answers).extracting(a -> a.get("result").asText()).containsExactly("Ok", "Dropped");
        assertThat(data(answers.get(0)).get("n").asInt()).isEqualTo(1);
        assertThat(delivered.report().deletesDropped()).isEqualTo(1);
        assertThat(delivered.report().chosenIdsReplaced()).isEqualTo(1);
        assertThat(Events.answers(dropped.response())).extracting(a -> a.get("result").asText())
                .containsExactly("Dropped", "Dropped");
        assertThat(dropped.report().chosenIdsDropped()).isEqualTo(1);
    }

    @Test
    void idPointersAreChosenIdsButLogEventIdsAndCoordinatesAreNot() throws Exception {
        Events event = Events.directPut();
        event.add("{\"orderId\":\"o-1\"}");
        Events logs = Events.directPut();
        logs.add(Events.logs("/g", "s", "one"));

        assertThat(handler(Map.of("mapping.id-pointer", "/orderId")).transform(new ByteArrayInputStream(event.bytes()), null)
                .report().chosenIdsReplaced()).isEqualTo(1);
        assertThat(handler(Map.of()).transform(new ByteArrayInputStream(event.bytes()), null)
                .report().chosenIdsReplaced()).isZero();
        assertThat(handler(Map.of("mapping.format", "auto")).transform(new ByteArrayInputStream(logs.bytes()), null)
                .report().chosenIdsReplaced()).isZero();
    }

    @Test
    void upsertsAreDeliveredAsWholeDocuments() throws Exception {
        Events event = Events.directPut();
        event.add("{\"orderId\":\"o-1\",\"status\":\"paid\"}");

        JsonNode answer = Events.answers(handler(Map.of("mapping.action", "upsert"))
                .transform(new ByteArrayInputStream(event.bytes()), null).response()).get(0);

        assertThat(answer.get("result").asText()).isEqualTo("Ok");
        assertThat(data(answer).get("status").asText()).isEqualTo("paid");
    }

    @Test
    void handleRequestWritesTheResponseFirehoseReads() throws Exception {
        Events event = Events.directPut();
        event.add("{\"a\":1}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        handler(Map.of()).handleRequest(new ByteArrayInputStream(event.bytes()), out, null);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"records\":[{\"recordId\":\""
                + Events.SAMPLE_RECORD_ID.substring(0, 50) + "000000\",\"result\":\"Ok\",\"data\":\""
                + Base64.getEncoder().encodeToString("{\"a\":1}".getBytes(StandardCharsets.UTF_8)) + "\"}]}");
    }

    @Test
    void anEventThatIsNotAnEventFailsTheInvocation() {
        assertThatThrownBy(() -> handler(Map.of()).transform(new ByteArrayInputStream("{\"records\":".getBytes()), null))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> handler(Map.of()).transform(new ByteArrayInputStream("[]".getBytes()), null))
                .isInstanceOf(IOException.class).hasMessageContaining("not a Firehose transformation event");
        assertThatThrownBy(() -> handler(Map.of()).transform(
                new ByteArrayInputStream("{\"records\":[{\"data\":\"e30=\"}]}".getBytes()), null))
                .isInstanceOf(IOException.class).hasMessageContaining("without a recordId");
    }

    @Test
    void badConfigurationFailsAtInitNamingTheKey() {
        assertThatThrownBy(() -> new FirehoseTransformHandler(Settings.of(Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("opensearch.index (environment variable OPENSEARCH_INDEX)");
        assertThatThrownBy(() -> new FirehoseTransformHandler(Settings.of(Map.of("opensearch.index", "logs",
                TransformerConfig.CHOSEN_IDS, "maybe"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("FIREHOSE_CHOSEN_IDS").hasMessageContaining("DELIVER, DROP");
        assertThatThrownBy(() -> new FirehoseTransformHandler(Settings.of(Map.of("opensearch.index", "logs",
                TransformerConfig.RESPONSE_LIMIT, "7000000"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("firehose.response-limit");
        assertThatThrownBy(() -> new FirehoseTransformHandler(Settings.of(Map.of("opensearch.index", "logs",
                ReingestConfig.ENDPOINT, "localhost:4573"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("AWS_ENDPOINT_URL_FIREHOSE");
    }

    @Test
    void primingRunsWithoutNetworkOrLogs() throws Exception {
        FirehoseTransformHandler handler = handler(Map.of("mapping.format", "auto"));

        handler.beforeCheckpoint(null);

        assertThat(reingestion.calls).isZero();
    }

    private FirehoseTransformHandler handler(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of("opensearch.index", "logs"));
        all.putAll(settings);
        return new FirehoseTransformHandler(TransformerConfig.from(Settings.of(all)), reingestion);
    }

    private static JsonNode data(JsonNode answer) throws IOException {
        return Events.json(Base64.getDecoder().decode(answer.get("data").asText()));
    }

    private static Map<String, String> results(byte[] response) throws IOException {
        Map<String, String> results = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (JsonNode answer : Events.answers(response)) {
            assertThat(results.put(answer.get("recordId").asText(), answer.get("result").asText())).isNull();
            order.add(answer.get("recordId").asText());
        }
        return results;
    }
}
