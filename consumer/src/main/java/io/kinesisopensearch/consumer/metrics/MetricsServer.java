package io.kinesisopensearch.consumer.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kinesisopensearch.config.Settings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's HTTP endpoint, on the JDK's own server: {@code /metrics} for Prometheus,
 * {@code /health} for the container's liveness check and {@code /ready} for readiness (200 or 503).
 * One thread serves it: scrapes and probes are few and quick.
 */
public final class MetricsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    /** Prometheus's text exposition format, which every scraper reads. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Serves on all interfaces at {@code port} (0: a free one).
     *
     * @throws io.kinesisopensearch.config.ConfigException naming {@code metrics.port} when it is taken
     *
     * @param scrape the metrics in Prometheus's text format
     * @param alive  whether the worker is alive, for {@code /health}
     * @param ready  whether it is ready, for {@code /ready}
     */
    public static MetricsServer start(int port, Supplier<String> scrape, BooleanSupplier alive, BooleanSupplier ready) {
        return start(port, scrape, alive, ready, () -> "");
    }

    /**
     * As {@link #start(int, Supplier, BooleanSupplier, BooleanSupplier)}, with {@code readyDetail}
     * after {@code /ready}'s word: what it waits for, or what is unreachable (empty for nothing).
     */
    public static MetricsServer start(int port, Supplier<String> scrape, BooleanSupplier alive, BooleanSupplier ready,
            Supplier<String> readyDetail) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw Settings.invalid(MetricsConfig.PORT, Integer.toString(port), "cannot listen on it: " + e.getMessage());
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "metrics-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, scrape, alive, ready, readyDetail));
        server.start();
        MetricsServer started = new MetricsServer(server, executor);
        LOG.info("Serving /metrics, /health and /ready on port {}", started.port());
        return started;
    }

    private static void handle(HttpExchange exchange, Supplier<String> scrape, BooleanSupplier alive,
            BooleanSupplier ready, Supplier<String> readyDetail) throws IOException {
        try (exchange) {
            Response response;
            try {
                response = route(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), scrape, alive, ready,
                        readyDetail);
            } catch (RuntimeException e) {
                LOG.warn("Metrics endpoint failed on {}: {}", exchange.getRequestURI(), e.toString());
                response = new Response(500, TEXT, "error\n");
            }
            boolean head = exchange.getRequestMethod().equals("HEAD");
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            exchange.sendResponseHeaders(response.status(), head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private static Response route(String method, String path, Supplier<String> scrape, BooleanSupplier alive,
            BooleanSupplier ready, Supplier<String> readyDetail) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return new Response(405, TEXT, "GET only\n");
        }
        return switch (path) {
            case "/metrics" -> new Response(200, PROMETHEUS_TEXT, scrape.get());
            case "/health" -> probe(alive.getAsBoolean(), "alive\n", "not alive\n");
            case "/ready" -> {
                String detail = readyDetail.get();
                String suffix = detail.isEmpty() ? "\n" : ": " + detail + "\n";
                yield probe(ready.getAsBoolean(), "ready" + suffix, "not ready" + suffix);
            }
            default -> new Response(404, TEXT, "/metrics, /health or /ready\n");
        };
    }

    private static Response probe(boolean up, String yes, String no) {
        return up ? new Response(200, TEXT, yes) : new Response(503, TEXT, no);
    }

    private record Response(int status, String contentType, String body) {
    }

    /** The port served, the one taken when 0 was asked for. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
