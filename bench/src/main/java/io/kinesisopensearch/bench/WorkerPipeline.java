package io.kinesisopensearch.bench;

import io.kinesisopensearch.bench.probe.PipelineProbe;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.consumer.ConsumerConfig;
import io.kinesisopensearch.consumer.ConsumerWorker;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Contender (d) in a JVM of its own: the worker as {@code ConsumerApp} starts it (settings from the
 * environment) over the pre-loaded stream, timed from this {@code main} to the last document
 * searchable; KCL's own start-up is the time to the first record the worker received.
 *
 * <p>Arguments: expected documents, the index the settings name. Exits 0 once all are searchable, 1 after 10 minutes.
 */
public final class WorkerPipeline {

    private WorkerPipeline() {
    }

    public static void main(String[] args) throws Exception {
        long expected = Long.parseLong(args[0]);
        Settings settings = Settings.fromEnvironment();
        ConsumerConfig config = ConsumerConfig.from(settings);
        URI openSearch = config.openSearch().url();
        String index = args[1];
        try (PipelineProbe probe = new PipelineProbe(openSearch, index)) {
            ConsumerWorker worker = ConsumerWorker.start(config);
            AtomicLong firstRead = new AtomicLong(-1);
            Thread watch = new Thread(() -> {
                while (firstRead.get() < 0 && !Thread.currentThread().isInterrupted()) {
                    if (worker.stats().snapshot().recordsReceived() > 0) {
                        firstRead.set(probe.sinceStart());
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "first-read");
            watch.setDaemon(true);
            watch.start();
            boolean done = probe.await(expected, Duration.ofMinutes(10), firstRead::get);
            worker.shutdown(Duration.ofSeconds(20));
            System.exit(done ? 0 : 1);
        }
    }
}
