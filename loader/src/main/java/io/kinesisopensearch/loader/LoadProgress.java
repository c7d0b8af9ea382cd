package io.kinesisopensearch.loader;

import io.kinesisopensearch.loader.progress.ProgressPrinter;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load's progress on stderr: objects done of the total, documents, dead letters, MB read and
 * MB/s. On a console a bar redrawn in place twice a second; otherwise (a log, a CI job, a test) a
 * line every interval. A last line when the load ends.
 */
final class LoadProgress implements AutoCloseable {

    private final boolean console;
    private final long totalObjects;
    private final long started = System.nanoTime();
    private final AtomicLong objects = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong documents = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final ProgressPrinter printer;

    LoadProgress(PrintStream out, boolean console, Duration every, long totalObjects) {
        this.console = console;
        this.totalObjects = totalObjects;
        this.printer = new ProgressPrinter("s3-load-progress", out, console, every, this::line);
    }

    void bytesRead(long count) {
        bytes.addAndGet(count);
    }

    void loaded(ObjectLoader.Counts counts) {
        documents.addAndGet(counts.acknowledged() + counts.stale());
        stale.addAndGet(counts.stale());
        deadLetters.addAndGet(counts.deadLetters());
        objects.incrementAndGet();
    }

    void skipped() {
        skipped.incrementAndGet();
        objects.incrementAndGet();
    }

    /** The progress now, as one line. */
    String line() {
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        double megabytes = bytes.get() / 1e6;
        String text = String.format(Locale.ROOT,
                "%d/%d objects (%d skipped as loaded), %d documents (%d stale), %d dead letters, %.2f MB, %.2f MB/s, %.0f s",
                objects.get(), totalObjects, skipped.get(), documents.get(), stale.get(), deadLetters.get(), megabytes,
                megabytes / seconds, seconds);
        if (!console) {
            return "S3 load: " + text;
        }
        return ProgressPrinter.bar(totalObjects == 0 ? 1.0 : (double) objects.get() / totalObjects, text);
    }

    @Override
    public void close() {
        printer.close();
    }
}
