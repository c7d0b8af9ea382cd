package io.kinesisopensearch.consumer.processor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns the JSON the DynamoDB Streams adapter gives as a record's data into the shape of a Kinesis
 * Data Streams for DynamoDB record, which {@code mapping.format=dynamodb} reads: the same
 * {@code eventName}, keys, images and change time (the adapter writes it in milliseconds, as Kinesis
 * does), with the table's name and {@code recordFormat} added. Two differences from what the
 * adapter writes: its empty images ({@code "OldImage":{}} on an INSERT, {@code "NewImage":{}} on a
 * REMOVE, where the SDK has empty maps rather than none) are left out, and the stream's
 * {@code SequenceNumber} is kept, because the mapping orders changes within a second by it.
 */
public final class StreamRecordShape {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamRecordShape() {
    }

    /**
     * The Kinesis-shaped change of {@code adapterJson}, a change of {@code table}; data that is no
     * JSON object is returned as it is, for the mapping to dead-letter with its reason.
     */
    public static byte[] kinesisShape(byte[] adapterJson, String table) {
        JsonNode tree;
        try {
            tree = JSON.readTree(adapterJson);
        } catch (java.io.IOException e) {
            return adapterJson;
        }
        if (!(tree instanceof ObjectNode change) || !(change.get("dynamodb") instanceof ObjectNode dynamodb)) {
            return adapterJson;
        }
        change.remove("eventVersion");
        dynamodb.remove("StreamViewType");
        for (String image : new String[] {"NewImage", "OldImage"}) {
            JsonNode value = dynamodb.get(image);
            if (value != null && (value.isNull() || (value.isObject() && value.isEmpty()))) {
                dynamodb.remove(image);
            }
        }
        change.put("tableName", table);
        change.put("recordFormat", "application/json");
        try {
            return JSON.writeValueAsBytes(change);
        } catch (JsonProcessingException e) {
            return adapterJson;
        }
    }
}
