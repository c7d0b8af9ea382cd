package io.kinesisopensearch.config;

/**
 * A setting is missing or invalid. The message is one line that names the setting and says what to
 * fix; applications print it and stop at start-up.
 */
public final class ConfigException extends RuntimeException {

    /** The exit status of every command for a bad setting, distinct from a crash (1). */
    public static final int EXIT_STATUS = 2;

    /**
     * A configuration error.
     *
     * @param message one line that names the setting and says what to fix
     */
    public ConfigException(String message) {
        super(message);
    }
}
