package io.kinesisopensearch.consumer.metrics;

import io.kinesisopensearch.config.Settings;
import java.time.Duration;

/**
 * What the worker shows about itself: the HTTP endpoint for Prometheus and the container's health
 * checks, the progress line in the log, the log format, and how it watches its shards.
 *
 * @param enabled          whether the endpoint is served
 * @param port             its port; 0 takes a free one (logged), for tests
 * @param progressInterval how often a progress line is logged while records flow; zero for none
 * @param logFormat        {@code text} or {@code json}; logback reads it from the environment before
 *                         anything else runs, so it is only checked here
 * @param watch            how shards are watched: retention left, stalls
 */
public record MetricsConfig(boolean enabled, int port, Duration progressInterval, String logFormat,
        WatchConfig watch) {

    public static final String ENABLED = "metrics.enabled";
    public static final String PORT = "metrics.port";
    public static final String PROGRESS_INTERVAL = "worker.progress-interval";
    public static final String LOG_FORMAT = "log.format";

    /**
     * The port of OpenTelemetry's Prometheus exporter, so scrape configurations find it where they
     * look for JVM metrics; 8080 is avoided because containers of one awsvpc task share their ports
     * and an application or proxy sidecar usually holds it.
     */
    public static final int DEFAULT_PORT = 9464;

    public static final MetricsConfig DEFAULT = new MetricsConfig(true, DEFAULT_PORT, Duration.ofSeconds(5), "text",
            WatchConfig.DEFAULT);

    /** Without a watch of its own: the defaults'. */
    public MetricsConfig(boolean enabled, int port, Duration progressInterval, String logFormat) {
        this(enabled, port, progressInterval, logFormat, WatchConfig.DEFAULT);
    }

    public static MetricsConfig from(Settings settings) {
        String logFormat = settings.get(LOG_FORMAT, DEFAULT.logFormat());
        // logback switches to JSON for exactly "json"; anything else would quietly stay text.
        if (!logFormat.equals("text") && !logFormat.equals("json")) {
            throw Settings.invalid(LOG_FORMAT, logFormat, "must be text or json");
        }
        return new MetricsConfig(
                settings.getBoolean(ENABLED, DEFAULT.enabled()),
                settings.getInt(PORT, DEFAULT.port(), 0, 65_535),
                settings.getDuration(PROGRESS_INTERVAL, DEFAULT.progressInterval()),
                logFormat,
                WatchConfig.from(settings));
    }
}
