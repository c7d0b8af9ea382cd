package io.kinesisopensearch.consumer.dependency;

import io.kinesisopensearch.config.Settings;
import java.time.Duration;

/**
 * How the worker watches its dependencies (see {@link DependencyMonitor}).
 *
 * @param checkInterval  how often each dependency is checked while all answer (every second while one does not)
 * @param reportInterval how often an unreachable dependency is named again while it stays unreachable
 */
public record DependencyConfig(Duration checkInterval, Duration reportInterval) {

    public static final String CHECK_INTERVAL = "worker.dependency-check-interval";
    public static final String REPORT_INTERVAL = "worker.dependency-report-interval";

    /** Checks a few calls a minute cost nothing noticeable; a line every 30 s reads as calm. */
    public static final DependencyConfig DEFAULT = new DependencyConfig(Duration.ofSeconds(10), Duration.ofSeconds(30));

    public static DependencyConfig from(Settings settings) {
        Duration check = settings.getDuration(CHECK_INTERVAL, DEFAULT.checkInterval());
        Duration report = settings.getDuration(REPORT_INTERVAL, DEFAULT.reportInterval());
        if (check.toMillis() < 100) {
            throw Settings.invalid(CHECK_INTERVAL, check.toString(), "must be at least 100ms");
        }
        if (report.toMillis() < 1_000) {
            throw Settings.invalid(REPORT_INTERVAL, report.toString(), "must be at least 1s");
        }
        return new DependencyConfig(check, report);
    }
}
