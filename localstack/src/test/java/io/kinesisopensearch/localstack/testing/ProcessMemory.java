package io.kinesisopensearch.localstack.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory of another JVM on this machine, as an operator would look at it: its live heap (what a
 * full GC leaves, from {@code jcmd GC.class_histogram}), its resident set from {@code /proc}, and
 * the native memory summary when it runs with {@code -XX:NativeMemoryTracking=summary}.
 */
public final class ProcessMemory {

    private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)\\s*$", Pattern.MULTILINE);
    private static final Pattern BYTE_ARRAYS = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+\\[B\\b", Pattern.MULTILINE);

    private final long pid;

    public ProcessMemory(long pid) {
        this.pid = pid;
    }

    /** What a class histogram counts after the full GC it forces: the bytes in use, and those in byte arrays. */
    public record LiveHeap(long bytes, long byteArrayBytes) {
    }

    /** The heap that survives a full GC now. */
    public LiveHeap liveHeap() {
        String histogram = jcmd("GC.class_histogram");
        Matcher total = TOTAL.matcher(histogram);
        if (!total.find()) {
            throw new IllegalStateException("No total in the class histogram of " + pid + ": "
                    + histogram.lines().limit(5).toList());
        }
        Matcher arrays = BYTE_ARRAYS.matcher(histogram);
        long byteArrays = arrays.find() ? Long.parseLong(arrays.group(2)) : 0;
        return new LiveHeap(Long.parseLong(total.group(2)), byteArrays);
    }

    /** The resident set now (VmRSS), in bytes. */
    public long rss() {
        return status("VmRSS");
    }

    /** The highest resident set so far (VmHWM), in bytes. */
    public long peakRss() {
        return status("VmHWM");
    }

    /** {@code jcmd VM.native_memory summary}: where the resident memory goes beside the heap. */
    public String nativeMemorySummary() {
        return jcmd("VM.native_memory", "summary");
    }

    private long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8)) {
                if (line.startsWith(field + ":")) {
                    // "VmRSS:	  123456 kB"
                    return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]) * 1024;
                }
            }
            throw new IllegalStateException(field + " not in /proc/" + pid + "/status");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String jcmd(String... command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> arguments = new java.util.ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
        arguments.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(arguments).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
