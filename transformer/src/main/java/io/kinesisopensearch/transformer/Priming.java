package io.kinesisopensearch.transformer;

import io.kinesisopensearch.decode.Gzip;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A made-up event that runs the event reader, the mapping of each format, the budget and the
 * response writer before a SnapStart snapshot. Each record holds one document at most, so nothing
 * is put back into a delivery stream.
 */
final class Priming {

    private Priming() {
    }

    static String event() {
        String json = "{\"id\":\"prime-1\",\"time\":\"2026-01-01T00:00:00Z\",\"amount\":12.50,\"tags\":[\"a\",\"b\"]}";
        String logs = "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"123456789012\",\"logGroup\":\"/prime\","
                + "\"logStream\":\"prime\",\"subscriptionFilters\":[\"prime\"],\"logEvents\":[{\"id\":\"1\","
                + "\"timestamp\":1767225600000,\"message\":\"{\\\"level\\\":\\\"INFO\\\"}\"}]}";
        String control = "{\"messageType\":\"CONTROL_MESSAGE\",\"owner\":\"CloudwatchLogs\",\"logGroup\":\"\","
                + "\"logStream\":\"\",\"subscriptionFilters\":[],\"logEvents\":[{\"id\":\"\",\"timestamp\":1767225600000,"
                + "\"message\":\"CWL CONTROL MESSAGE: Checking health of destination Firehose.\"}]}";
        return "{\"invocationId\":\"priming\",\"deliveryStreamArn\":\"arn:aws:firehose:us-east-1:123456789012:"
                + "deliverystream/priming\",\"region\":\"us-east-1\",\"records\":["
                + record("1", json.getBytes(StandardCharsets.UTF_8)) + ","
                + record("2", gzip(logs)) + ","
                + record("3", gzip(control)) + ","
                + record("4", "a line of text\n".getBytes(StandardCharsets.UTF_8)) + "]}";
    }

    private static String record(String id, byte[] data) {
        return "{\"recordId\":\"" + id + "\",\"approximateArrivalTimestamp\":1767225600000,\"data\":\""
                + Base64.getEncoder().encodeToString(data) + "\"}";
    }

    private static byte[] gzip(String text) {
        return Gzip.compress(text);
    }
}
