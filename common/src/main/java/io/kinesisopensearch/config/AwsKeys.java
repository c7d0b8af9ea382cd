package io.kinesisopensearch.config;

import java.util.Optional;

/**
 * AWS access keys given in the settings, under the names the AWS SDK reads from the environment
 * ({@code AWS_ACCESS_KEY_ID}, ...). Without them both paths use the SDK's default credential chain.
 *
 * @param accessKeyId     the access key id
 * @param secretAccessKey the secret access key
 * @param sessionToken    the session token of temporary keys, or {@code null}
 */
public record AwsKeys(String accessKeyId, String secretAccessKey, String sessionToken) {

    public static final String ACCESS_KEY_ID = "aws.access-key-id";
    public static final String SECRET_ACCESS_KEY = "aws.secret-access-key";
    public static final String SESSION_TOKEN = "aws.session-token";

    /** The keys, when the settings give them; one without the other is a configuration error. */
    public static Optional<AwsKeys> from(Settings settings) {
        Optional<String> keyId = settings.find(ACCESS_KEY_ID);
        Optional<String> secret = settings.find(SECRET_ACCESS_KEY);
        if (keyId.isEmpty() && secret.isEmpty()) {
            return Optional.empty();
        }
        if (keyId.isEmpty() || secret.isEmpty()) {
            settings.require(keyId.isEmpty() ? ACCESS_KEY_ID : SECRET_ACCESS_KEY,
                    "access key id and secret access key go together");
        }
        return Optional.of(new AwsKeys(keyId.get(), secret.get(), settings.find(SESSION_TOKEN).orElse(null)));
    }

    @Override
    public String toString() {
        return "AwsKeys[" + accessKeyId + "]";
    }
}
