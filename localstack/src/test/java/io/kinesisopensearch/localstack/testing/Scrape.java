package io.kinesisopensearch.localstack.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A worker's HTTP endpoint as Prometheus and a container's health checks see it. */
public final class Scrape {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Map<String, Map<Map<String, String>, Double>> samples;

    private Scrape(Map<String, Map<Map<String, String>, Double>> samples) {
        this.samples = samples;
    }

    /** The status {@code path} answers on {@code port} of this machine. */
    public static int status(int port, String path) {
        return get(port, path).statusCode();
    }

    /** {@code /metrics} on {@code port}, parsed. */
    public static Scrape metrics(int port) {
        HttpResponse<String> response = get(port, "/metrics");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/metrics answered " + response.statusCode());
        }
        Map<String, Map<Map<String, String>, Double>> samples = new LinkedHashMap<>();
        response.body().lines().filter(line -> !line.startsWith("#") && !line.isBlank()).forEach(line -> {
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new IllegalStateException("Not a Prometheus sample: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.computeIfAbsent(sample.group(1), name -> new LinkedHashMap<>())
                    .put(labels, Double.parseDouble(sample.group(4)));
        });
        return new Scrape(samples);
    }

    /** The value of an unlabelled sample; NaN when absent. */
    public double value(String name) {
        return samples.getOrDefault(name, Map.of()).getOrDefault(Map.of(), Double.NaN);
    }

    /** The sum of a metric's samples that carry all of {@code labels}; 0 when there are none. */
    public double sum(String name, Map<String, String> labels) {
        return samples.getOrDefault(name, Map.of()).entrySet().stream()
                .filter(sample -> sample.getKey().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** A labelled metric's samples by the value of {@code label}. */
    public Map<String, Double> byLabel(String name, String label) {
        Map<String, Double> values = new LinkedHashMap<>();
        samples.getOrDefault(name, Map.of()).forEach((labels, value) -> values.put(labels.get(label), value));
        return values;
    }

    private static HttpResponse<String> get(int port, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " on port " + port, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
