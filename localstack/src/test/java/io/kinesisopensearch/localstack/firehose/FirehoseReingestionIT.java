package io.kinesisopensearch.localstack.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisopensearch.config.AwsKeys;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.firehose.FirehoseStandIn;
import io.kinesisopensearch.localstack.firehose.LambdaFunction;
import io.kinesisopensearch.localstack.firehose.StandInConfig;
import io.kinesisopensearch.transformer.FirehoseReingestion;
import io.kinesisopensearch.transformer.ReingestConfig;
import io.kinesisopensearch.transformer.Reingestion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The transformer's re-ingest through the real AWS SDK client against the stand-in's Firehose wire
 * protocol: batches within Firehose's limits, refused records retried with backoff until accepted,
 * refusals that retrying cannot fix given up at once.
 */
@ExtendWith(LocalStackExtension.class)
class FirehoseReingestionIT {

    /** A function that drops everything: these tests are about what reaches the stream, not what follows. */
    private static final LambdaFunction DROP_ALL = event -> {
        StringBuilder response = new StringBuilder("{\"records\":[");
        var records = new com.fasterxml.jackson.databind.ObjectMapper().readTree(event).get("records");
        for (int i = 0; i < records.size(); i++) {
            response.append(i == 0 ? "" : ",").append("{\"recordId\":\"").append(records.get(i).get("recordId").asText())
                    .append("\",\"result\":\"Dropped\"}");
        }
        return response.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    };

    private final LocalStack stack;

    FirehoseReingestionIT(LocalStack stack) {
        this.stack = stack;
    }

    @Test
    void refusedRecordsAreRetriedUntilEachIsAcceptedExactlyOnce() throws Exception {
        try (FirehoseStandIn firehose = standIn(attempt -> attempt % 3 == 1, false)) {
            List<byte[]> pieces = pieces(1_200, 5_000); // 6 MB: more than 4 MiB and 500 records per call

            Reingestion.Outcome outcome = reingestion(firehose, 8)
                    .put(firehose.deliveryStreamArn(), "us-east-1", pieces, deadline());
            firehose.awaitIdle(Duration.ofSeconds(30));

            assertThat(outcome.acceptedCount()).isEqualTo(pieces.size());
            assertThat(outcome.retries()).isPositive();
            assertThat(outcome.calls()).isGreaterThanOrEqualTo(3 + outcome.retries());
            assertThat(firehose.stats().putRefusals()).isPositive();
            assertThat(firehose.stats().received()).as("each piece in the stream once").isEqualTo(pieces.size());
        }
    }

    @Test
    void recordsStillRefusedAfterTheLastAttemptAreReportedNotAccepted() throws Exception {
        try (FirehoseStandIn firehose = standIn(attempt -> true, false)) {
            Reingestion.Outcome outcome = reingestion(firehose, 3)
                    .put(firehose.deliveryStreamArn(), "us-east-1", pieces(10, 100), deadline());

            assertThat(outcome.acceptedCount()).isZero();
            assertThat(outcome.calls()).isEqualTo(3);
            assertThat(firehose.stats().received()).isZero();
        }
    }

    @Test
    void aDeliveryStreamThatReadsAKinesisStreamRefusesPutsAndIsNotAskedAgain() throws Exception {
        try (FirehoseStandIn firehose = standIn(attempt -> false, true)) {
            Reingestion.Outcome outcome = reingestion(firehose, 8)
                    .put(firehose.deliveryStreamArn(), "us-east-1", pieces(10, 100), deadline());

            assertThat(outcome.acceptedCount()).isZero();
            assertThat(outcome.calls()).isEqualTo(1);
        }
    }

    private FirehoseStandIn standIn(LongPredicate refuse, boolean kinesisSource) {
        String name = "reingest-" + UUID.randomUUID().toString().substring(0, 8);
        StandInConfig config = new StandInConfig(name, 1024 * 1024, Duration.ofMillis(200), 0, name,
                Path.of(System.getProperty("localstack.work-dir", "target/localstack"), "firehose", name));
        return FirehoseStandIn.start(config, endpoint -> DROP_ALL, stack.openSearch(), refuse, kinesisSource);
    }

    private static FirehoseReingestion reingestion(FirehoseStandIn firehose, int attempts) {
        return new FirehoseReingestion(ReingestConfig.from(Settings.of(Map.of(
                ReingestConfig.ENDPOINT, firehose.endpoint().toString(),
                AwsKeys.ACCESS_KEY_ID, "local",
                AwsKeys.SECRET_ACCESS_KEY, "local",
                ReingestConfig.MAX_ATTEMPTS, Integer.toString(attempts),
                ReingestConfig.INITIAL_DELAY, "10ms",
                ReingestConfig.MAX_DELAY, "100ms"))));
    }

    private static List<byte[]> pieces(int count, int size) {
        List<byte[]> pieces = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String text = "{\"n\":" + i + ",\"pad\":\"";
            pieces.add((text + "p".repeat(Math.max(0, size - text.length() - 2)) + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        return pieces;
    }

    private static long deadline() {
        return System.nanoTime() + Duration.ofMinutes(2).toNanos();
    }
}
