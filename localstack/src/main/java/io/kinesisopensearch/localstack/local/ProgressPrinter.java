package io.kinesisopensearch.localstack.local;

import io.kinesisopensearch.localstack.Indexes;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once a second, a line per source whose figures changed: records read, documents the index holds
 * (its {@code _count}), dead letters and lag (records put but not read yet, where local mode knows
 * what was put). Nothing when nothing changed.
 */
final class ProgressPrinter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressPrinter.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final List<LocalPipeline.Source> sources;
    private final OpenSearchClient openSearch;
    private final PrintStream out;
    private final Map<String, String> last = new HashMap<>();
    private volatile boolean closed;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "progress");
        thread.setDaemon(true);
        return thread;
    });

    ProgressPrinter(List<LocalPipeline.Source> sources, OpenSearchClient openSearch, PrintStream out) {
        this.sources = List.copyOf(sources);
        this.openSearch = openSearch;
        this.out = out;
    }

    /** Prints every second from now on. */
    ProgressPrinter start() {
        timer.scheduleWithFixedDelay(this::printChanges, 1, 1, TimeUnit.SECONDS);
        return this;
    }

    /** Prints the lines of the sources whose figures changed since the last call. */
    synchronized void printChanges() {
        try {
            for (LocalPipeline.Source source : sources) {
                String line = line(source);
                if (!line.equals(last.put(source.name(), line))) {
                    out.printf("%s %s%n", LocalTime.now().format(TIME), line);
                }
            }
        } catch (RuntimeException e) {
            // A progress line is not worth stopping for; while stopping, OpenSearch may be gone already.
            if (!closed) {
                LOG.warn("Progress unavailable: {}", e.toString());
            }
        }
    }

    private String line(LocalPipeline.Source source) {
        LocalPipeline.Counts counts = source.counts().get();
        long indexed = Indexes.searchableDocuments(openSearch, source.index());
        return String.format("%-15s read %5d  indexed %5d  dead letters %3d  lag %s", source.name(), counts.read(),
                indexed, counts.deadLetters(), counts.lag() < 0 ? "-" : Long.toString(counts.lag()));
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
    }
}
