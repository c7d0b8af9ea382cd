package io.kinesisopensearch.loader.reindex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.kinesisopensearch.decode.Json;
import io.kinesisopensearch.retry.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reindex's requests to the cluster, besides the bulk writes: JSON in, status and JSON out.
 * No answer, 429 and 5xx are tried again with the bulk backoff, {@link #ATTEMPTS} times; any other
 * status is the caller's to judge.
 */
final class Cluster {

    private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);
    static final int ATTEMPTS = 10;

    /** An answer: its status and its body ({@link MissingNode} for none). */
    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status < 300;
        }

        /** OpenSearch's error type, or an empty string. */
        String errorType() {
            return body.path("error").path("type").asText("");
        }

        @Override
        public String toString() {
            JsonNode error = body.path("error");
            return status + " " + (error.isMissingNode() ? body.toString()
                    : error.path("type").asText() + ": " + error.path("reason").asText());
        }
    }

    private final OpenSearchClient client;
    private final RetryPolicy retry;

    Cluster(OpenSearchClient client, RetryPolicy retry) {
        this.client = client;
        this.retry = retry;
    }

    Answer call(String method, String endpoint, JsonNode body) throws IOException, InterruptedException {
        return call(method, endpoint, Map.of(), body);
    }

    Answer call(String method, String endpoint, Map<String, String> query, JsonNode body)
            throws IOException, InterruptedException {
        String json = body == null ? null : Json.mapper().writeValueAsString(body);
        String failure = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (attempt > 0) {
                Duration delay = retry.delay(attempt - 1);
                LOG.warn("{} {} failed (attempt {} of {}), will retry: {}", method, endpoint, attempt, ATTEMPTS, failure);
                Thread.sleep(delay.toMillis());
            }
            Requests.JsonBodyBuilder request = Requests.builder().method(method).endpoint(endpoint).query(query);
            if (json != null) {
                request.json(json);
            }
            try (Response response = client.generic().execute(request.build())) {
                int status = response.getStatus();
                JsonNode answer = read(response);
                if (status != 429 && status < 500) {
                    return new Answer(status, answer);
                }
                failure = new Answer(status, answer).toString();
            } catch (IOException e) {
                failure = e.toString();
            }
        }
        throw new IOException(method + " " + endpoint + " failed " + ATTEMPTS + " times; last: " + failure);
    }

    /** Like {@link #call}, but any status but 2xx is an {@link IOException} naming the step. */
    JsonNode require(String method, String endpoint, JsonNode body, String what) throws IOException, InterruptedException {
        Answer answer = call(method, endpoint, body);
        if (!answer.ok()) {
            throw new IOException("OpenSearch refused to " + what + ": " + answer);
        }
        return answer.body();
    }

    private static JsonNode read(Response response) throws IOException {
        if (response.getBody().isEmpty()) {
            return MissingNode.getInstance();
        }
        try (Body body = response.getBody().get(); InputStream in = body.body()) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length == 0) {
                return MissingNode.getInstance();
            }
            try {
                return Json.mapper().readTree(bytes);
            } catch (IOException notJson) {
                return Json.nodes().textNode(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }
}
