package io.kinesisopensearch.sink.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
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
 * exist, never changing an existing one; for an alias, its first index as its write index, unless
 * the alias exists. Both are idempotent, so every worker does it at every
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
        if (config.alias()) {
            createAlias(client, config, retry);
            return;
        }
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

    /**
     * Makes {@code config.index()} an alias with a write index, unless it is one: its first index,
     * created with the index settings (a template matching {@code <alias>-*} shapes it otherwise),
     * names the alias in the same request, so that no worker ever sees the index without it.
     */
    private static void createAlias(OpenSearchClient client, IndexBootstrapConfig config, RetryPolicy retry) {
        String alias = config.index();
        String what = "the alias '" + alias + "'";
        if (call(client, retry, "HEAD", "/_alias/" + alias, null, what).status() == 200) {
            LOG.info("The alias '{}' exists; left as it is", alias);
            return;
        }
        if (call(client, retry, "HEAD", "/" + alias, null, what).status() == 200) {
            throw Settings.invalid(IndexBootstrapConfig.ALIAS, "true", "'" + alias + "' is an index, not an alias;"
                    + " write to it without " + IndexBootstrapConfig.ALIAS + ", or choose a new name for the alias");
        }
        String first = IndexBootstrapConfig.generation(alias, 1);
        ObjectNode body;
        try {
            body = config.indexSettings().isPresent()
                    ? (ObjectNode) JSON.readTree(config.indexSettings().get().json()) : JSON.createObjectNode();
        } catch (IOException e) {
            throw new IllegalStateException("index settings checked at start-up are no JSON object", e);
        }
        ObjectNode aliases = body.has("aliases") ? (ObjectNode) body.get("aliases") : body.putObject("aliases");
        aliases.putObject(alias).put("is_write_index", true);
        Answer created = call(client, retry, "PUT", "/" + first, body.toString(), "the index '" + first + "'");
        if (created.status() < 300) {
            LOG.info("Created the index '{}' as the write index of {}{}", first, what,
                    config.indexSettings().map(file -> " from " + file.path()).orElse(""));
        } else if (created.status() == 400 && created.answer().startsWith("resource_already_exists_exception")) {
            LOG.info("The index '{}' exists (another worker created it); left as it is", first);
        } else {
            String answer = created.status() + " " + created.answer();
            throw config.indexSettings().<RuntimeException>map(file -> IndexBootstrapConfig.refused(file, what, answer))
                    .orElseGet(() -> new ConfigException("OpenSearch refused to create " + first + " for "
                            + Settings.describe(IndexBootstrapConfig.ALIAS) + ": " + answer));
        }
    }

    /** What OpenSearch answered: the status, and its error type and reason (or the body). */
    private record Answer(int status, String answer) {
    }

    /** A request, tried again on no answer, 429 and 5xx, {@link #ATTEMPTS} times in all. */
    private static Answer call(OpenSearchClient client, RetryPolicy retry, String method, String endpoint, String json,
            String what) {
        String failure = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (attempt > 0) {
                pause(retry, attempt - 1, what);
            }
            Requests.JsonBodyBuilder request = Requests.builder().method(method).endpoint(endpoint);
            if (json != null) {
                request.json(json);
            }
            try (Response response = client.generic().execute(request.build())) {
                int status = response.getStatus();
                if (status != 429 && status < 500) {
                    return new Answer(status, status < 300 ? "" : answer(response));
                }
                failure = status + " " + answer(response);
            } catch (IOException e) {
                failure = e.toString();
            }
            LOG.warn("Cannot apply {} (attempt {} of {}), will retry: {}", what, attempt + 1, ATTEMPTS, failure);
        }
        throw new IllegalStateException("Cannot apply " + what + ": OpenSearch did not answer after " + ATTEMPTS
                + " attempts; the worker stops. Last failure: " + failure);
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
