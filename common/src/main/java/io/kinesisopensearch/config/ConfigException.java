package io.kinesisopensearch.config;

/**
 * A setting is missing or invalid. The message is one line that names the setting and says what to
 * fix; applications print it and stop at start-up.
 */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
