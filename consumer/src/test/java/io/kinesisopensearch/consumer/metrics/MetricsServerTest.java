package io.kinesisopensearch.consumer.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.config.ConfigException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsServerTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicBoolean alive = new AtomicBoolean(true);
    private final AtomicBoolean ready = new AtomicBoolean(false);
    private final AtomicBoolean scrapeFails = new AtomicBoolean(false);
    private MetricsServer server;

    @BeforeEach
    void start() {
        server = MetricsServer.start(0, () -> {
            if (scrapeFails.get()) {
                throw new IllegalStateException("registry closed");
            }
            return "# TYPE up gauge\nup 1.0\n";
        }, alive::get, ready::get);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void portZeroTakesAFreePortAndServesTheScrape() throws Exception {
        assertThat(server.port()).isPositive();

        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(MetricsServer.PROMETHEUS_TEXT);
        assertThat(response.body()).isEqualTo("# TYPE up gauge\nup 1.0\n");
    }

    @Test
    void readyAnswers503UntilTheWorkerIsReadyAndAfterItStops() throws Exception {
        assertThat(get("/ready").statusCode()).isEqualTo(503);
        ready.set(true);
        assertThat(get("/ready").statusCode()).isEqualTo(200);
        assertThat(get("/ready").body()).isEqualTo("ready\n");
        ready.set(false);
        assertThat(get("/ready").statusCode()).isEqualTo(503);
    }

    @Test
    void healthFollowsTheSchedulerThread() throws Exception {
        assertThat(get("/health").statusCode()).isEqualTo(200);
        alive.set(false);
        assertThat(get("/health").statusCode()).isEqualTo(503);
    }

    @Test
    void otherPathsMethodsAndFailuresGetTheirStatus() throws Exception {
        assertThat(get("/metricsx").statusCode()).isEqualTo(404);
        assertThat(get("/").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        HttpResponse<String> head = http.send(HttpRequest.newBuilder(uri("/health"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();

        scrapeFails.set(true);
        assertThat(get("/metrics").statusCode()).isEqualTo(500);
        assertThat(get("/health").statusCode()).as("the server survives a failed scrape").isEqualTo(200);
    }

    @Test
    void aPortAlreadyTakenIsAConfigurationErrorNamingTheSetting() {
        assertThatThrownBy(() -> MetricsServer.start(server.port(), () -> "", () -> true, () -> true))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid setting metrics.port (environment variable METRICS_PORT) = '"
                        + server.port() + "': cannot listen on it");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
