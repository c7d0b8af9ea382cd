package io.kinesisopensearch.loader.reconcile;

import io.kinesisopensearch.loader.progress.ProgressPrinter;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reconcile's progress on stderr, as the load's: the phase, source items and documents read,
 * ids compared, differences found and confirmed, items a second. On a console a bar redrawn in
 * place twice a second (each of the three reads, source, index and comparison, a third of it,
 * measured against the expected count); otherwise a line every interval. A last line at the end.
 */
final class ReconcileProgress implements AutoCloseable {

    final AtomicLong sourceItems = new AtomicLong();
    final AtomicLong documents = new AtomicLong();
    final AtomicLong compared = new AtomicLong();
    final AtomicLong different = new AtomicLong();
    final AtomicLong confirmed = new AtomicLong();

    private final boolean console;
    private final long expected;
    private final long started = System.nanoTime();
    private final ProgressPrinter printer;
    private volatile String phase = "reading the source";

    /**
     * @param expected the number of items expected (the index's count or the table's estimate), for the bar
     */
    ReconcileProgress(PrintStream out, boolean console, Duration every, long expected) {
        this.console = console;
        this.expected = Math.max(1, expected);
        this.printer = new ProgressPrinter("reconcile-progress", out, console, every, this::line);
    }

    void phase(String name) {
        phase = name;
    }

    /** The progress now, as one line. */
    String line() {
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        String text = String.format(Locale.ROOT,
                "%s: %d source items, %d documents, %d ids compared, %d different, %d confirmed, %.0f items/s, %.0f s",
                phase, sourceItems.get(), documents.get(), compared.get(), different.get(), confirmed.get(),
                sourceItems.get() / seconds, seconds);
        if (!console) {
            return "Reconcile " + text;
        }
        double done = (Math.min(sourceItems.get(), expected) + Math.min(documents.get(), expected)
                + Math.min(compared.get(), expected)) / (3.0 * expected);
        return ProgressPrinter.bar(done, text);
    }

    @Override
    public void close() {
        printer.close();
    }
}
