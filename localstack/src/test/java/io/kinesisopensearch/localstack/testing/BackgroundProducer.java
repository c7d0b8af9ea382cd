package io.kinesisopensearch.localstack.testing;

import io.kinesisopensearch.localstack.StreamProducer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Puts records a chunk at a time in a thread of its own, so that a test can break things while data flows. */
public final class BackgroundProducer {

    private BackgroundProducer() {
    }

    /** Puts {@code entries} in chunks of {@code chunk}, pausing {@code pauseMillis} between chunks. */
    public static CompletableFuture<Void> start(StreamProducer producer, List<StreamProducer.Entry> entries, int chunk,
            long pauseMillis) {
        return CompletableFuture.runAsync(() -> {
            for (int from = 0; from < entries.size(); from += chunk) {
                producer.put(entries.subList(from, Math.min(entries.size(), from + chunk)));
                try {
                    TimeUnit.MILLISECONDS.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
    }
}
