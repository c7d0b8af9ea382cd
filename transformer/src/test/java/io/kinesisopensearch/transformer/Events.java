package io.kinesisopensearch.transformer;

import io.kinesisopensearch.decode.Gzip;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Firehose transformation events shaped as AWS documents them: Direct PUT records carry a record id
 * and an arrival time; records of a delivery stream that reads a Kinesis stream also carry
 * {@code kinesisRecordMetadata}, and the event the source stream's ARN.
 */
final class Events {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String DELIVERY_STREAM_ARN = "arn:aws:firehose:us-east-1:123456789012:deliverystream/logs-to-search";
    static final String SOURCE_STREAM_ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/orders";
    /** The record id of AWS's sample Direct PUT event. */
    static final String SAMPLE_RECORD_ID = "49546986683135544286507457936321625675700192471156785154";
    static final long SAMPLE_ARRIVAL = 1495072949453L;

    private final ObjectNode event = JSON.createObjectNode();
    private final ArrayNode records;
    private final boolean kinesisSource;
    private int next;

    private Events(boolean kinesisSource) {
        this.kinesisSource = kinesisSource;
        event.put("invocationId", "invocationIdExample");
        event.put("deliveryStreamArn", DELIVERY_STREAM_ARN);
        if (kinesisSource) {
            event.put("sourceKinesisStreamArn", SOURCE_STREAM_ARN);
        }
        event.put("region", "us-east-1");
        records = event.putArray("records");
    }

    static Events directPut() {
        return new Events(false);
    }

    static Events kinesisSource() {
        return new Events(true);
    }

    /** Adds a record with the next record id; returns that id. */
    String add(byte[] data) {
        String recordId = kinesisSource
                ? "49621017460761483038448697917559884585397934887094190082" + String.format("%06d", next)
                : SAMPLE_RECORD_ID.substring(0, SAMPLE_RECORD_ID.length() - 6) + String.format("%06d", next);
        ObjectNode record = records.addObject();
        record.put("recordId", recordId);
        record.put("approximateArrivalTimestamp", SAMPLE_ARRIVAL + next);
        record.put("data", Base64.getEncoder().encodeToString(data));
        if (kinesisSource) {
            ObjectNode metadata = record.putObject("kinesisRecordMetadata");
            metadata.put("sequenceNumber", "4954511524349098501828006771497314458218006259324420" + (1000 + next));
            metadata.put("subsequenceNumber", 0);
            metadata.put("partitionKey", "partitionKey-" + next);
            metadata.put("shardId", "shardId-00000000000" + (next % 2));
            metadata.put("approximateArrivalTimestamp", SAMPLE_ARRIVAL + next);
        }
        next++;
        return recordId;
    }

    String add(String text) {
        return add(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds a record whose data is the given raw JSON value instead of base64. */
    String addRawData(String dataJson) {
        String recordId = add(new byte[0]);
        try {
            ((ObjectNode) records.get(records.size() - 1)).set("data", JSON.readTree(dataJson));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return recordId;
    }

    byte[] bytes() {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A gzip CloudWatch Logs DATA_MESSAGE as a subscription delivers it, with one event per message. */
    static byte[] logs(String logGroup, String logStream, String... messages) {
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < messages.length; i++) {
            ObjectNode event = JSON.createObjectNode()
                    .put("id", "3195310660696698337880902507980421114328961542429" + String.format("%07d", i))
                    .put("timestamp", 1432826855000L + i)
                    .put("message", messages[i]);
            events.append(i == 0 ? "" : ",").append(event);
        }
        return gzip("{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"123456789012\",\"logGroup\":\"" + logGroup
                + "\",\"logStream\":\"" + logStream + "\",\"subscriptionFilters\":[\"Destination\"],\"logEvents\":["
                + events + "]}");
    }

    /** The health check CloudWatch Logs sends when a subscription is created. */
    static byte[] controlMessage() {
        return gzip("{\"messageType\":\"CONTROL_MESSAGE\",\"owner\":\"CloudwatchLogs\",\"logGroup\":\"\",\"logStream\":\"\","
                + "\"subscriptionFilters\":[],\"logEvents\":[{\"id\":\"\",\"timestamp\":1432826855000,"
                + "\"message\":\"CWL CONTROL MESSAGE: Checking health of destination Firehose.\"}]}");
    }

    static byte[] gzip(String text) {
        return Gzip.compress(text);
    }

    /** The response's records, as Firehose reads them. */
    static List<JsonNode> answers(byte[] response) throws IOException {
        List<JsonNode> answers = new ArrayList<>();
        JSON.readTree(response).get("records").forEach(answers::add);
        return answers;
    }

    static JsonNode json(byte[] bytes) throws IOException {
        return JSON.readTree(bytes);
    }
}
