package io.kinesisopensearch.lambda;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A DynamoDB Streams record as Kinesis Data Streams for DynamoDB writes it: the JSON the
 * {@code dynamodb} decoder reads, so that a table followed through a Lambda function and one
 * followed through Kinesis give the same documents, ids and versions.
 */
final class DynamoDbChangeJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DynamoDbChangeJson() {
    }

    static byte[] of(DynamodbEvent.DynamodbStreamRecord record) {
        ObjectNode change = JSON.createObjectNode();
        change.put("awsRegion", record.getAwsRegion());
        change.put("eventID", record.getEventID());
        change.put("eventName", record.getEventName());
        if (record.getUserIdentity() != null) {
            change.putObject("userIdentity").put("type", record.getUserIdentity().getType())
                    .put("principalId", record.getUserIdentity().getPrincipalId());
        } else {
            change.putNull("userIdentity");
        }
        change.put("recordFormat", "application/json");
        change.put("tableName", EventSources.streamName(record.getEventSourceARN()));
        ObjectNode dynamodb = change.putObject("dynamodb");
        StreamRecord stream = record.getDynamodb();
        if (stream != null) {
            if (stream.getApproximateCreationDateTime() != null) {
                // Milliseconds: the decoder tells seconds, milliseconds and microseconds apart by size.
                dynamodb.put("ApproximateCreationDateTime", stream.getApproximateCreationDateTime().getTime());
            }
            image(dynamodb, "Keys", stream.getKeys());
            image(dynamodb, "NewImage", stream.getNewImage());
            image(dynamodb, "OldImage", stream.getOldImage());
            if (stream.getSizeBytes() != null) {
                dynamodb.put("SizeBytes", stream.getSizeBytes());
            }
        }
        change.put("eventSource", record.getEventSource() == null ? "aws:dynamodb" : record.getEventSource());
        try {
            return JSON.writeValueAsBytes(change);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree that cannot be written", e);
        }
    }

    private static void image(ObjectNode parent, String name, Map<String, AttributeValue> attributes) {
        if (attributes != null) {
            ObjectNode image = parent.putObject(name);
            attributes.forEach((key, value) -> image.set(key, attribute(value)));
        }
    }

    /** One attribute in DynamoDB's JSON: {@code {"S": "text"}}, {@code {"N": "12"}}, {@code {"M": {...}}}, ... */
    static ObjectNode attribute(AttributeValue value) {
        ObjectNode node = JSON.createObjectNode();
        if (value.getS() != null) {
            node.put("S", value.getS());
        } else if (value.getN() != null) {
            node.put("N", value.getN());
        } else if (value.getB() != null) {
            node.put("B", base64(value.getB()));
        } else if (value.getBOOL() != null) {
            node.put("BOOL", value.getBOOL());
        } else if (value.getNULL() != null) {
            node.put("NULL", value.getNULL());
        } else if (value.getSS() != null) {
            strings(node.putArray("SS"), value.getSS());
        } else if (value.getNS() != null) {
            strings(node.putArray("NS"), value.getNS());
        } else if (value.getBS() != null) {
            ArrayNode set = node.putArray("BS");
            value.getBS().forEach(bytes -> set.add(base64(bytes)));
        } else if (value.getM() != null) {
            ObjectNode map = node.putObject("M");
            value.getM().forEach((key, member) -> map.set(key, attribute(member)));
        } else if (value.getL() != null) {
            ArrayNode list = node.putArray("L");
            value.getL().forEach(member -> list.add(attribute(member)));
        }
        return node;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static String base64(ByteBuffer bytes) {
        ByteBuffer copy = bytes.duplicate();
        byte[] data = new byte[copy.remaining()];
        copy.get(data);
        return Base64.getEncoder().encodeToString(data);
    }
}
