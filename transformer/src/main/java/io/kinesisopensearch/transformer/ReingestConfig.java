package io.kinesisopensearch.transformer;

import io.kinesisopensearch.config.AwsKeys;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.retry.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How pieces go back into the delivery stream with {@code PutRecordBatch}.
 *
 * @param maxAttempts  attempts per batch, the first included, before its refused records count as
 *                     failed ({@code firehose.reingest.max-attempts})
 * @param retry        the backoff (with jitter) between attempts ({@code firehose.reingest.initial-delay},
 *                     {@code firehose.reingest.max-delay})
 * @param timeReserve  retries stop when the invocation has less than this left, so that the
 *                     response is still written in time ({@code firehose.reingest.time-reserve})
 * @param region       the region of the Firehose client when the event names none
 *                     ({@code aws.region}, {@code AWS_REGION})
 * @param endpoint     an endpoint override, such as a local stand-in
 *                     ({@code aws.endpoint-url.firehose}, the SDK's {@code AWS_ENDPOINT_URL_FIREHOSE})
 * @param credentials  static credentials when the settings name keys, else the SDK's default chain. In
 *                     Lambda without SnapStart the keys in the environment are the function's own, the
 *                     ones the chain would read; with SnapStart Lambda sets none, and the chain reads
 *                     the container credentials when the client is built, after the restore.
 */
public record ReingestConfig(
        int maxAttempts,
        RetryPolicy retry,
        Duration timeReserve,
        Optional<String> region,
        Optional<URI> endpoint,
        Optional<AwsKeys> credentials) {

    public static final String MAX_ATTEMPTS = "firehose.reingest.max-attempts";
    public static final String INITIAL_DELAY = "firehose.reingest.initial-delay";
    public static final String MAX_DELAY = "firehose.reingest.max-delay";
    public static final String TIME_RESERVE = "firehose.reingest.time-reserve";
    public static final String REGION = "aws.region";
    public static final String ENDPOINT = "aws.endpoint-url.firehose";

    public static final ReingestConfig DEFAULT = new ReingestConfig(8,
            new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(5)), Duration.ofSeconds(5),
            Optional.empty(), Optional.empty(), Optional.empty());

    public static ReingestConfig from(Settings settings) {
        return new ReingestConfig(
                settings.getInt(MAX_ATTEMPTS, DEFAULT.maxAttempts(), 1, 100),
                new RetryPolicy(
                        settings.getDuration(INITIAL_DELAY, DEFAULT.retry().initialDelay()),
                        settings.getDuration(MAX_DELAY, DEFAULT.retry().maxDelay())),
                settings.getDuration(TIME_RESERVE, DEFAULT.timeReserve()),
                settings.find(REGION),
                settings.findUrl(ENDPOINT, "http://localhost:4573"),
                AwsKeys.from(settings));
    }
}
