package io.kinesisopensearch.loader.progress;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A long command's progress: on a console one line redrawn in place twice a second, otherwise (a
 * log, a CI job, a test) a line every interval; a last line when it closes. The commands' progress
 * classes say what the line holds.
 */
public final class ProgressPrinter implements AutoCloseable {

    private static final int BAR_WIDTH = 24;

    private final PrintStream out;
    private final boolean console;
    private final Supplier<String> line;
    private final ScheduledExecutorService timer;

    /**
     * Starts printing.
     *
     * @param name    the printing thread's name
     * @param out     where the lines go
     * @param console whether {@code out} is a console (the line is redrawn in place)
     * @param every   how often a line is printed when not on a console
     * @param line    the progress now, as one line
     */
    public ProgressPrinter(String name, PrintStream out, boolean console, Duration every, Supplier<String> line) {
        this.out = out;
        this.console = console;
        this.line = line;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        long period = console ? 500 : Math.max(100, every.toMillis());
        timer.scheduleAtFixedRate(this::print, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * {@code text} behind a bar filled to {@code done}.
     *
     * @param done how much is done, 0 to 1 (clamped)
     * @param text what follows the bar
     * @return the bar and the text
     */
    public static String bar(double done, String text) {
        int filled = (int) (BAR_WIDTH * Math.max(0.0, Math.min(1.0, done)));
        return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] " + text;
    }

    private synchronized void print() {
        if (console) {
            out.print("\r" + line.get() + "\u001b[K");
            out.flush();
        } else {
            out.println(line.get());
        }
    }

    /** Stops the timer and prints the last line. */
    @Override
    public synchronized void close() {
        timer.shutdownNow();
        print();
        if (console) {
            out.println();
        }
    }
}
