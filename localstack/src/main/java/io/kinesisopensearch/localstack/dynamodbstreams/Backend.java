package io.kinesisopensearch.localstack.dynamodbstreams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The DynamoDB server behind the stand-in (dynalite): requests passed through as they came, and the
 * stand-in's own reads and writes (consistent GetItem of an item before and after a write).
 */
final class Backend {

    static final String TARGET_PREFIX = "DynamoDB_20120810.";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    /** What the backend answered. */
    record Answer(int status, byte[] body) {

        boolean ok() {
            return status == 200;
        }

        ObjectNode json() {
            try {
                return (ObjectNode) JSON.readTree(body);
            } catch (IOException | ClassCastException e) {
                throw new StreamsError("InternalServerError", 500, "Unreadable answer from DynamoDB: " + e);
            }
        }

        /** The error's type without its namespace ({@code ConditionalCheckFailedException}), or "". */
        String errorType() {
            if (ok()) {
                return "";
            }
            String type = json().path("__type").asText("");
            return type.substring(type.lastIndexOf('#') + 1);
        }
    }

    private final URI endpoint;
    private final String region;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    Backend(URI endpoint, String region) {
        this.endpoint = endpoint;
        this.region = region;
    }

    URI endpoint() {
        return endpoint;
    }

    /** Sends a client's request on as it came: its target, body and signature headers. */
    Answer forward(String target, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", headers.getOrDefault("content-type", CONTENT_TYPE))
                .header("X-Amz-Target", target)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (String name : new String[] {"authorization", "x-amz-date", "x-amz-security-token"}) {
            String value = headers.get(name);
            if (value != null) {
                request.header(name, value);
            }
        }
        return send(request.build());
    }

    /** One of the stand-in's own calls, {@code operation} of DynamoDB with {@code body}. */
    Answer call(String operation, JsonNode body) {
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(AMZ_DATE);
        // dynalite checks that a request is signed, not the signature.
        String authorization = "AWS4-HMAC-SHA256 Credential=local/" + date.substring(0, 8) + "/" + region
                + "/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0";
        try {
            return send(HttpRequest.newBuilder(endpoint)
                    .timeout(Duration.ofMinutes(2))
                    .header("Content-Type", CONTENT_TYPE)
                    .header("X-Amz-Target", TARGET_PREFIX + operation)
                    .header("X-Amz-Date", date)
                    .header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The item under {@code key} read consistently, null when there is none; fails as DynamoDB failed. */
    ObjectNode getItem(String table, JsonNode key) {
        ObjectNode request = JSON.createObjectNode();
        request.put("TableName", table);
        request.set("Key", key);
        request.put("ConsistentRead", true);
        Answer answer = call("GetItem", request);
        if (!answer.ok()) {
            throw new BackendFailure(answer);
        }
        JsonNode item = answer.json().get("Item");
        return item instanceof ObjectNode found ? found : null;
    }

    /** DescribeTable's {@code Table}; fails as DynamoDB failed. */
    ObjectNode describeTable(String table) {
        ObjectNode request = JSON.createObjectNode();
        request.put("TableName", table);
        Answer answer = call("DescribeTable", request);
        if (!answer.ok()) {
            throw new BackendFailure(answer);
        }
        return (ObjectNode) answer.json().get("Table");
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new StreamsError("InternalServerError", 500, "DynamoDB behind the stand-in did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamsError("InternalServerError", 500, "Interrupted");
        }
    }

    /** A call of the stand-in's own that DynamoDB refused: its answer goes back to the client as it is. */
    static final class BackendFailure extends RuntimeException {

        private static final long serialVersionUID = 1L;
        private final transient Answer answer;

        BackendFailure(Answer answer) {
            super("DynamoDB answered " + answer.status());
            this.answer = answer;
        }

        Answer answer() {
            return answer;
        }
    }
}
