package io.kinesisopensearch.sink.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.retry.RetryPolicy;
import io.kinesisopensearch.sink.client.OpenSearchClients;
import io.kinesisopensearch.sink.client.OpenSearchConfig;
import java.io.IOException;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up the index before the worker's first write (see {@link IndexBootstrapConfig}): PUTs the
 * index template, which replaces the template of that name, and creates the index if it does not
 * exist, never changing an existing one. Both are idempotent, so every worker does it at every
 * start. A refusal is a {@link ConfigException} naming the setting and what OpenSearch said; when
 * OpenSearch cannot be reached (or answers 429 or 5xx) it is tried {@link #ATTEMPTS} times with the
 * {@link RetryPolicy}, then the worker stops.
 */
public final class IndexBootstrap {

    static final int ATTEMPTS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(IndexBootstrap.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private IndexBootstrap() {
    }

    /**
     * Applies {@code config} with a client of its own for {@code openSearch}, closed when done.
     *
     * @throws ConfigException       if OpenSearch refuses the template or the index
     * @throws IllegalStateException if OpenSearch could not be reached in {@link #ATTEMPTS} attempts
     */
    public static void apply(OpenSearchConfig openSearch, IndexBootstrapConfig config, RetryPolicy retry) {
        if (config.isEmpty()) {
            return;
        }
        OpenSearchClient client = OpenSearchClients.create(openSearch);
        try {
            apply(client, config, retry);
        } finally {
            try {
                client._transport().close();
            } catch (IOException e) {
                LOG.debug("Closing the OpenSearch client failed", e);
            }
        }
    }

    /**
     * Applies {@code config} through {@code client}.
     *
     * @throws ConfigException       if OpenSearch refuses the template or the index
     * @throws IllegalStateException if OpenSearch could not be reached in {@link #ATTEMPTS} attempts
     */
    public static void apply(OpenSearchClient client, IndexBootstrapConfig config, RetryPolicy retry) {
        config.template().ifPresent(template -> {
            String what = "the index template '" + config.templateName() + "'";
            send(client, retry, template, what, "/_index_template/" + config.templateName());
            LOG.info("Applied {} from {}", what, template.path());
        });
        config.indexSettings().ifPresent(settings -> {
            String what = "the index '" + config.index() + "'";
            if (send(client, retry, settings, what, "/" + config.index())) {
                LOG.info("Created {} from {}", what, settings.path());
            } else {
                LOG.info("The index '{}' exists; left as it is ({} only applies when creating it)", config.index(),
                        settings.key());
            }
        });
    }

    /** PUTs the file; returns false when the index already existed. */
    private static boolean send(OpenSearchClient client, RetryPolicy retry, IndexBootstrapConfig.JsonFile file,
            String what, String endpoint) {
        String failure = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (attempt > 0) {
                pause(retry, attempt - 1, what);
            }
            try (Response response = client.generic().execute(Requests.builder()
                    .method("PUT").endpoint(endpoint).json(file.json()).build())) {
                int status = response.getStatus();
                if (status < 300) {
                    return true;
                }
                String answer = answer(response);
                if (status == 400 && answer.startsWith("resource_already_exists_exception")) {
                    return false;
                }
                if (status != 429 && status < 500) {
                    throw IndexBootstrapConfig.refused(file, what, status + " " + answer);
                }
                failure = status + " " + answer;
            } catch (IOException e) {
                failure = e.toString();
            }
            LOG.warn("Cannot apply {} (attempt {} of {}), will retry: {}", what, attempt + 1, ATTEMPTS, failure);
        }
        throw new IllegalStateException("Cannot apply " + what + " from " + file.path() + ": OpenSearch did not answer"
                + " after " + ATTEMPTS + " attempts; the worker stops. Last failure: " + failure);
    }

    /** OpenSearch's error type and reason from an error body, or the body itself. */
    private static String answer(Response response) throws IOException {
        String body = response.getBody().map(Body::bodyAsString).orElse("");
        try {
            JsonNode error = JSON.readTree(body).path("error");
            if (error.hasNonNull("type")) {
                return error.get("type").asText() + ": " + error.path("reason").asText();
            }
        } catch (IOException notJson) {
            // A proxy's page, say: shown as it is.
        }
        return body.replace('\n', ' ');
    }

    private static void pause(RetryPolicy retry, int attempt, String what) {
        try {
            Thread.sleep(retry.delay(attempt).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while applying " + what, e);
        }
    }
}
