package io.kinesisopensearch.localstack.firehose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Lambda response checked as Firehose checks it: a JSON object with a {@code records} array that
 * answers every record of the batch exactly once, each with {@code Ok}, {@code Dropped} or
 * {@code ProcessingFailed} and, for {@code Ok}, base64 data; the whole response within Lambda's
 * limit. Any breach fails the whole batch. Error codes are Firehose's where its documentation names
 * them ({@code Lambda.FunctionError}, {@code Lambda.JsonProcessingException},
 * {@code Lambda.DuplicatedRecordId}, {@code Lambda.MissingRecordId}); the others are the stand-in's.
 */
public final class TransformationResponse {

    /** What Lambda accepts as a synchronous response; larger ones fail the invocation. */
    public static final int LAMBDA_RESPONSE_LIMIT = 6_291_556;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> RESULTS = Set.of("Ok", "Dropped", "ProcessingFailed");

    /** One record's answer; {@code data} is decoded, null unless Ok. */
    public record Answer(String result, byte[] data) {
    }

    /** The batch failed as a whole: Firehose's error code and message. */
    public static final class BatchFailure extends Exception {
        private final String errorCode;

        BatchFailure(String errorCode, String message) {
            super(message, null, false, false);
            this.errorCode = errorCode;
        }

        public String errorCode() {
            return errorCode;
        }
    }

    private TransformationResponse() {
    }

    /** The answers by record id, or the failure of the batch. */
    public static Map<String, Answer> check(byte[] response, List<String> recordIds) throws BatchFailure {
        if (response.length > LAMBDA_RESPONSE_LIMIT) {
            throw new BatchFailure("Lambda.FunctionError", "Response payload size (" + response.length
                    + " bytes) exceeded maximum allowed payload size (" + LAMBDA_RESPONSE_LIMIT + " bytes).");
        }
        JsonNode root;
        try {
            root = JSON.readTree(response);
        } catch (IOException e) {
            throw new BatchFailure("Lambda.JsonProcessingException", "The response is not JSON: " + e.getMessage());
        }
        if (root == null || !root.path("records").isArray()) {
            throw new BatchFailure("Lambda.JsonProcessingException", "The response has no records array.");
        }
        Set<String> expected = Set.copyOf(recordIds);
        Map<String, Answer> answers = new HashMap<>();
        for (JsonNode record : root.get("records")) {
            JsonNode id = record.path("recordId");
            if (!id.isTextual()) {
                throw new BatchFailure("Lambda.MissingRecordId", "A record of the response has no recordId.");
            }
            String recordId = id.textValue();
            if (!expected.contains(recordId)) {
                throw new BatchFailure("Lambda.InvalidRecordId", "recordId " + recordId + " is not in the batch.");
            }
            String result = record.path("result").asText(null);
            if (!RESULTS.contains(result)) {
                throw new BatchFailure("Lambda.InvalidResult", "recordId " + recordId + " has result " + result
                        + ", expected Ok, Dropped or ProcessingFailed.");
            }
            byte[] data = data(recordId, record.get("data"), result.equals("Ok"));
            if (answers.put(recordId, new Answer(result, result.equals("Ok") ? data : null)) != null) {
                throw new BatchFailure("Lambda.DuplicatedRecordId", "recordId " + recordId + " is answered twice.");
            }
        }
        if (answers.size() != expected.size()) {
            String missing = recordIds.stream().filter(id -> !answers.containsKey(id)).findFirst().orElseThrow();
            throw new BatchFailure("Lambda.MissingRecordId", (expected.size() - answers.size())
                    + " records of the batch are not answered, recordId " + missing + " among them.");
        }
        return answers;
    }

    private static byte[] data(String recordId, JsonNode data, boolean required) throws BatchFailure {
        if (data == null || data.isNull()) {
            if (required) {
                throw new BatchFailure("Lambda.MissingData", "recordId " + recordId + " is Ok but has no data.");
            }
            return null;
        }
        if (!data.isTextual()) {
            throw new BatchFailure("Lambda.InvalidData", "recordId " + recordId + " has data that is not a string.");
        }
        try {
            return Base64.getDecoder().decode(data.textValue());
        } catch (IllegalArgumentException e) {
            throw new BatchFailure("Lambda.InvalidData", "recordId " + recordId + " has data that is not base64: "
                    + e.getMessage());
        }
    }
}
