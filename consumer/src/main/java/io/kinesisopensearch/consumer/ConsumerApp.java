package io.kinesisopensearch.consumer;

import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container entry point: reads the settings from the environment (and the file named by
 * {@code KINESIS_OPENSEARCH_CONFIG}), runs a worker, and on SIGTERM stops it gracefully so that
 * every shard is checkpointed.
 */
public final class ConsumerApp {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerApp.class);


    /** How long a graceful stop may take; within ECS's stopTimeout (consumer/ecs-service.yaml). */
    static final Duration SHUTDOWN_TIME = Duration.ofSeconds(25);

    private ConsumerApp() {
    }

    /**
     * Runs a worker until SIGTERM. Exits with 2 for a bad setting (or a refused index template, a
     * metrics port taken), and with 1 when KCL stopped on its own, for the container to be restarted.
     *
     * @param args ignored: the settings come from the environment
     * @throws InterruptedException when the main thread is interrupted while it waits for the worker
     */
    public static void main(String[] args) throws InterruptedException {
        ConsumerWorker worker;
        try {
            // Starting applies the index template and settings, which OpenSearch may refuse, and
            // can still find a setting unusable, such as a metrics port already taken.
            worker = ConsumerWorker.start(ConsumerConfig.from(Settings.fromEnvironment()));
        } catch (ConfigException e) {
            System.err.println("Configuration error: " + e.getMessage());
            System.exit(ConfigException.EXIT_STATUS);
            return;
        }
        // ECS sends SIGTERM and waits stopTimeout (30 s by default) before SIGKILL.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> worker.shutdown(SHUTDOWN_TIME), "shutdown"));
        worker.awaitTermination();
        if (!worker.shutdownStarted()) {
            LOG.error("The KCL scheduler stopped on its own; exiting so that the container is restarted");
            System.exit(1);
        }
    }
}
