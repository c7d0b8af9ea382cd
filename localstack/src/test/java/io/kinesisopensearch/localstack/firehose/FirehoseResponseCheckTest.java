package io.kinesisopensearch.localstack.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.localstack.firehose.TransformationResponse;
import io.kinesisopensearch.localstack.firehose.TransformationResponse.BatchFailure;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stand-in fails a whole batch for every response Firehose would refuse. */
class FirehoseResponseCheckTest {

    private static final List<String> BATCH = List.of("1", "2");

    @Test
    void aResponseAnsweringEveryRecordOnceIsAccepted() throws Exception {
        var answers = TransformationResponse.check(bytes("{\"records\":[{\"recordId\":\"2\",\"result\":\"Dropped\"},"
                + "{\"recordId\":\"1\",\"result\":\"Ok\",\"data\":\"e30=\"}]}"), BATCH);

        assertThat(answers.get("1").data()).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
        assertThat(answers.get("2").result()).isEqualTo("Dropped");
    }

    @Test
    void anythingElseFailsTheBatchWithFirehosesErrorCode() {
        assertFails("not json", "Lambda.JsonProcessingException");
        assertFails("{\"recordz\":[]}", "Lambda.JsonProcessingException");
        assertFails("{\"records\":[{\"recordId\":\"1\",\"result\":\"Ok\",\"data\":\"e30=\"}]}", "Lambda.MissingRecordId");
        assertFails("{\"records\":[{\"recordId\":\"1\",\"result\":\"Ok\",\"data\":\"e30=\"},{\"recordId\":\"1\",\"result\":"
                + "\"Dropped\"},{\"recordId\":\"2\",\"result\":\"Dropped\"}]}", "Lambda.DuplicatedRecordId");
        assertFails("{\"records\":[{\"recordId\":\"3\",\"result\":\"Dropped\"}]}", "Lambda.InvalidRecordId");
        assertFails("{\"records\":[{\"recordId\":\"1\",\"result\":\"OK\",\"data\":\"e30=\"},{\"recordId\":\"2\",\"result\":"
                + "\"Dropped\"}]}", "Lambda.InvalidResult");
        assertFails("{\"records\":[{\"recordId\":\"1\",\"result\":\"Ok\",\"data\":\"*\"},{\"recordId\":\"2\",\"result\":"
                + "\"Dropped\"}]}", "Lambda.InvalidData");
        assertFails("{\"records\":[{\"recordId\":\"1\",\"result\":\"Ok\"},{\"recordId\":\"2\",\"result\":\"Dropped\"}]}",
                "Lambda.MissingData");
        String huge = "{\"records\":[{\"recordId\":\"1\",\"result\":\"Ok\",\"data\":\""
                + "A".repeat(TransformationResponse.LAMBDA_RESPONSE_LIMIT) + "\"},{\"recordId\":\"2\",\"result\":\"Dropped\"}]}";
        assertFails(huge, "Lambda.FunctionError");
    }

    private static void assertFails(String response, String errorCode) {
        assertThatThrownBy(() -> TransformationResponse.check(bytes(response), BATCH))
                .isInstanceOfSatisfying(BatchFailure.class, failure -> assertThat(failure.errorCode()).isEqualTo(errorCode));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
