package io.kinesisopensearch.localstack.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The figures a failure test reports: printed on the console and appended to
 * {@code target/localstack/figures.txt}, where the README's table comes from.
 */
public final class Figures {

    private final String test;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final long started = System.nanoTime();

    public Figures(String test) {
        this.test = test;
    }

    public Figures put(String name, Object value) {
        values.put(name, value);
        return this;
    }

    public void print() {
        values.put("seconds", (System.nanoTime() - started) / 1_000_000_000);
        String line = "Figures " + test + ": " + values.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(", "));
        System.out.println(line);
        Path file = Path.of(System.getProperty("localstack.work-dir", "target/localstack"), "figures.txt");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
