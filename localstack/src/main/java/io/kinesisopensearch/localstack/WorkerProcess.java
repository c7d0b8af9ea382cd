package io.kinesisopensearch.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A consumer worker in a JVM of its own, started the way a container starts it ({@code ConsumerApp}
 * with settings in the environment), so that tests can stop it with SIGTERM or kill it with SIGKILL.
 */
public final class WorkerProcess implements AutoCloseable {

    private static final String MAIN_CLASS = "io.kinesisopensearch.consumer.ConsumerApp";
    private static final Pattern SNAPSHOT = Pattern.compile("Snapshot\\[([^\\]]*)\\]");

    private final Process process;
    private final Path log;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code ConsumerApp} with {@code environment} added to this process's environment; its
     * console output goes to {@code directory/console.log}. The class path is the container layout
     * the build packages (system property {@code localstack.consumer.classpath}), or else this JVM's.
     */
    public static WorkerProcess start(Map<String, String> environment, Path directory) {
        return start(environment, directory, List.of("-Xmx256m"));
    }

    /** As {@link #start(Map, Path)}, with these JVM options (heap size, a logback file) instead of {@code -Xmx256m}. */
    public static WorkerProcess start(Map<String, String> environment, Path directory, List<String> jvmOptions) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("localstack.consumer.classpath", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, MAIN_CLASS));
        Path log = directory.resolve("console.log");
        try {
            Files.createDirectories(directory);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            return new WorkerProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start a worker process", e);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** The worker's console output. */
    public Path log() {
        return log;
    }

    /**
     * The worker's counters as it last logged them ({@code Snapshot[name=value, ...]}, every
     * {@code WORKER_STATS_INTERVAL} and when it stops); empty before the first report.
     */
    public Map<String, Long> lastStats() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                Matcher snapshot = SNAPSHOT.matcher(lines.get(i));
                if (snapshot.find()) {
                    Map<String, Long> stats = new LinkedHashMap<>();
                    for (String pair : snapshot.group(1).split(", ")) {
                        String[] parts = pair.split("=", 2);
                        // Flags such as holding=true count as 1, so that every figure is a number.
                        stats.put(parts[0], switch (parts[1]) {
                            case "true" -> 1L;
                            case "false" -> 0L;
                            default -> Long.parseLong(parts[1]);
                        });
                    }
                    return stats;
                }
            }
            return Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + log, e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits up to {@code timeout} for the process to end; returns its exit status, or -1 if it is still running. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** SIGTERM: the worker shuts down gracefully. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL: the worker dies on the spot, without checkpointing. */
    public void kill() {
        process.destroyForcibly();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
