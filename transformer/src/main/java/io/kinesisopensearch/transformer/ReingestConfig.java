package io.kinesisopensearch.transformer;

import io.kinesisopensearch.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How pieces go back into the delivery stream with {@code PutRecordBatch}.
 *
 * @param maxAttempts  attempts per batch, the first included, before its refused records count as
 *                     failed ({@code firehose.reingest.max-attempts})
 * @param initialDelay the pause before the first retry, doubled for each further one
 *                     ({@code firehose.reingest.initial-delay})
 * @param maxDelay     the longest pause ({@code firehose.reingest.max-delay})
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
        Duration initialDelay,
        Duration maxDelay,
        Duration timeReserve,
        Optional<String> region,
        Optional<URI> endpoint,
        Optional<StaticKeys> credentials) {

    public static final String MAX_ATTEMPTS = "firehose.reingest.max-attempts";
    public static final String INITIAL_DELAY = "firehose.reingest.initial-delay";
    public static final String MAX_DELAY = "firehose.reingest.max-delay";
    public static final String TIME_RESERVE = "firehose.reingest.time-reserve";
    public static final String REGION = "aws.region";
    public static final String ENDPOINT = "aws.endpoint-url.firehose";
    public static final String ACCESS_KEY_ID = "aws.access-key-id";
    public static final String SECRET_ACCESS_KEY = "aws.secret-access-key";
    public static final String SESSION_TOKEN = "aws.session-token";

    public static final ReingestConfig DEFAULT = new ReingestConfig(8, Duration.ofMillis(100), Duration.ofSeconds(5),
            Duration.ofSeconds(5), Optional.empty(), Optional.empty(), Optional.empty());

    /** Access keys given in the settings, as the consumer takes them; {@code sessionToken} may be null. */
    public record StaticKeys(String accessKeyId, String secretAccessKey, String sessionToken) {
        @Override
        public String toString() {
            return "StaticKeys[" + accessKeyId + "]";
        }
    }

    public static ReingestConfig from(Settings settings) {
        return new ReingestConfig(
                settings.getInt(MAX_ATTEMPTS, DEFAULT.maxAttempts(), 1, 100),
                settings.getDuration(INITIAL_DELAY, DEFAULT.initialDelay()),
                settings.getDuration(MAX_DELAY, DEFAULT.maxDelay()),
                settings.getDuration(TIME_RESERVE, DEFAULT.timeReserve()),
                settings.find(REGION),
                settings.findUrl(ENDPOINT, "http://localhost:4573"),
                keys(settings));
    }

    /** The pause before retry number {@code retry} (0 for the first retry). */
    public Duration delay(int retry) {
        long millis = initialDelay.toMillis() << Math.min(retry, 20);
        return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
    }

    private static Optional<StaticKeys> keys(Settings settings) {
        Optional<String> keyId = settings.find(ACCESS_KEY_ID);
        Optional<String> secret = settings.find(SECRET_ACCESS_KEY);
        if (keyId.isEmpty() && secret.isEmpty()) {
            return Optional.empty();
        }
        if (keyId.isEmpty() || secret.isEmpty()) {
            settings.require(keyId.isEmpty() ? ACCESS_KEY_ID : SECRET_ACCESS_KEY,
                    "access key id and secret access key go together");
        }
        return Optional.of(new StaticKeys(keyId.get(), secret.get(), settings.find(SESSION_TOKEN).orElse(null)));
    }
}
