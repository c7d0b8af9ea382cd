package io.kinesisopensearch.loader.reconcile;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reconcile's progress on stderr, as the load's: the phase, source items and documents read,
 * ids compared, differences found and confirmed, items a second. On a console a bar redrawn in
 * place twice a second (each of the three reads, source, index and comparison, a third of it,
 * measured against the expected count); otherwise a line every interval. A last line at the end.
 */
final class ReconcileProgress implements AutoCloseable {

    private static final int BAR_WIDTH = 24;

    final AtomicLong sourceItems = new AtomicLong();
    final AtomicLong documents = new AtomicLong();
    final AtomicLong compared = new AtomicLong();
    final AtomicLong different = new AtomicLong();
    final AtomicLong confirmed = new AtomicLong();

    private final PrintStream out;
    private final boolean console;
    private final long expected;
    private final long started = System.nanoTime();
    private final ScheduledExecutorService timer;
    private volatile String phase = "reading the source";

    /**
     * @param expected the number of items expected (the index's count or the table's estimate), for the bar
     */
    ReconcileProgress(PrintStream out, boolean console, Duration every, long expected) {
        this.out = out;
        this.console = console;
        this.expected = Math.max(1, expected);
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "reconcile-progress");
            thread.setDaemon(true);
            return thread;
        });
        long period = console ? 500 : Math.max(100, every.toMillis());
        timer.scheduleAtFixedRate(this::print, period, period, TimeUnit.MILLISECONDS);
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
        int filled = (int) (BAR_WIDTH * Math.min(1.0, done));
        return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] " + text;
    }

    private synchronized void print() {
        if (console) {
            out.print("\r" + line() + "\u001b[K");
            out.flush();
        } else {
            out.println(line());
        }
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
        print();
        if (console) {
            out.println();
        }
    }
}
