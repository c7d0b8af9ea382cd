package io.kinesisopensearch.sink.deadletter;

import io.kinesisopensearch.config.Settings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where dead letters go: {@code s3://bucket/prefix/} or a local directory ({@code file:/path} or a
 * plain path).
 *
 * @param directory the local directory, when the destination is one
 * @param bucket    the S3 bucket, when the destination is S3
 * @param prefix    the S3 key prefix, empty or ending with '/'
 */
public record DeadLetterConfig(Optional<Path> directory, Optional<String> bucket, String prefix) {

    /** The setting of the destination: {@code s3://bucket/prefix/}, {@code file:/path} or a path. */
    public static final String URI_SETTING = "deadletter.uri";
    /** Where a replay puts the letters that fail again; defaults to the destination plus {@code -failed-again}. */
    public static final String REPLAY_FAILURES_URI = "deadletter.replay-failures-uri";
    /** The default: a directory in the working directory, which in a container is lost with it. */
    public static final String DEFAULT_URI = "dead-letters";

    /**
     * Reads {@value #URI_SETTING}.
     *
     * @param settings the settings
     * @return the destination, {@value #DEFAULT_URI} when unset
     * @throws io.kinesisopensearch.config.ConfigException when the value is an S3 URI without bucket, or
     *         a URI of another scheme
     */
    public static DeadLetterConfig from(Settings settings) {
        return parse(URI_SETTING, settings.get(URI_SETTING, DEFAULT_URI));
    }

    /**
     * Where a replay of the destination writes what fails again: {@value #REPLAY_FAILURES_URI}, else
     * the destination plus {@code -failed-again}.
     *
     * @param settings the settings
     * @return that destination
     * @throws io.kinesisopensearch.config.ConfigException as {@link #from} does
     */
    public static DeadLetterConfig replayFailures(Settings settings) {
        String destination = settings.get(URI_SETTING, DEFAULT_URI);
        String fallback = destination.endsWith("/")
                ? destination.substring(0, destination.length() - 1) + "-failed-again/"
                : destination + "-failed-again";
        return parse(REPLAY_FAILURES_URI, settings.get(REPLAY_FAILURES_URI, fallback));
    }

    static DeadLetterConfig parse(String key, String text) {
        if (text.startsWith("s3://")) {
            URI uri = URI.create(text);
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                throw Settings.invalid(key, text, "an S3 destination is s3://bucket/prefix/");
            }
            String prefix = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
            if (!prefix.isEmpty() && !prefix.endsWith("/")) {
                prefix = prefix + "/";
            }
            return new DeadLetterConfig(Optional.empty(), Optional.of(uri.getHost()), prefix);
        }
        if (text.contains("://") && !text.startsWith("file:")) {
            throw Settings.invalid(key, text, "must be s3://bucket/prefix/, file:/path or a directory path");
        }
        Path directory = text.startsWith("file:") ? Path.of(text.substring("file:".length())) : Path.of(text);
        return new DeadLetterConfig(Optional.of(directory), Optional.empty(), "");
    }

    /**
     * Whether the destination is S3 rather than a local directory.
     *
     * @return true when {@link #bucket()} is present
     */
    public boolean isS3() {
        return bucket.isPresent();
    }
}
