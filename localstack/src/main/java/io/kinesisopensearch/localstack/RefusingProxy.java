package io.kinesisopensearch.localstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP proxy in front of an OpenSearch node that passes requests through, or, while told to,
 * answers every request itself with a refusal such as a cluster with the security plugin or a
 * gateway gives for wrong credentials. The local node has no security plugin; this is how tests
 * meet a stretch of 401s and 403s.
 */
public final class RefusingProxy implements AutoCloseable {

    /** An answer the proxy gives instead of the node's. */
    public record Answer(int status, String contentType, String body) {

        /** The security plugin's answer to missing or wrong credentials. */
        public static final Answer UNAUTHORIZED = new Answer(401, "text/plain; charset=UTF-8", "Unauthorized");

        /** The security plugin's answer to a user without write permission, in OpenSearch's JSON. */
        public static final Answer FORBIDDEN = new Answer(403, "application/json; charset=UTF-8",
                "{\"error\":{\"root_cause\":[{\"type\":\"security_exception\",\"reason\":\"no permissions for "
                        + "[indices:data/write/bulk] and User [name=writer, backend_roles=[], requestedTenant=null]\"}],"
                        + "\"type\":\"security_exception\",\"reason\":\"no permissions for [indices:data/write/bulk] "
                        + "and User [name=writer, backend_roles=[], requestedTenant=null]\"},\"status\":403}");
    }

    // The JDK client sets these itself; the server sets the response's framing.
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "keep-alive");

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client;
    private final URI target;
    private final AtomicLong refused = new AtomicLong();
    private volatile Answer refusal;

    private RefusingProxy(HttpServer server, ExecutorService executor, URI target) {
        this.server = server;
        this.executor = executor;
        this.target = target;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Starts a proxy to {@code target} on a free local port, passing everything through. */
    public static RefusingProxy start(URI target) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            ExecutorService executor = Executors.newFixedThreadPool(16, runnable -> {
                Thread thread = new Thread(runnable, "refusing-proxy");
                thread.setDaemon(true);
                return thread;
            });
            RefusingProxy proxy = new RefusingProxy(server, executor, target);
            server.createContext("/", proxy::handle);
            server.setExecutor(executor);
            server.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the proxy", e);
        }
    }

    /** Where clients connect instead of the node. */
    public URI endpoint() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    /** From now on every request is answered with {@code answer}. */
    public void refuse(Answer answer) {
        refusal = answer;
    }

    /** From now on requests go to the node again. */
    public void passThrough() {
        refusal = null;
    }

    /** Requests answered with a refusal so far. */
    public long refused() {
        return refused.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Answer answer = refusal;
            if (answer != null) {
                refused.incrementAndGet();
                exchange.getResponseHeaders().set("Content-Type", answer.contentType());
                send(exchange, answer.status(), answer.body().getBytes(StandardCharsets.UTF_8));
                return;
            }
            HttpResponse<byte[]> response;
            try {
                response = client.send(forward(exchange, body), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                send(exchange, 502, ("proxy: " + e).getBytes(StandardCharsets.UTF_8));
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                send(exchange, 503, new byte[0]);
                return;
            }
            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            send(exchange, response.statusCode(), response.body());
        }
    }

    private HttpRequest forward(HttpExchange exchange, byte[] body) {
        URI uri = target.resolve(exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                header.getValue().forEach(value -> request.header(header.getKey(), value));
            }
        }
        return request.build();
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean empty = body.length == 0 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
