package io.kinesisopensearch.consumer.bulk;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

/** Builds the opensearch-java client the worker and the tests use. */
public final class OpenSearchClients {

    private OpenSearchClients() {
    }

    /** A client for the configured cluster; close its transport when done ({@code client._transport().close()}). */
    public static OpenSearchClient create(OpenSearchConfig config) {
        HttpHost host = new HttpHost(config.url().getScheme(), config.url().getHost(), port(config));
        ApacheHttpClient5TransportBuilder builder = ApacheHttpClient5TransportBuilder.builder(host)
                .setMapper(new JacksonJsonpMapper(new ObjectMapper()))
                .setRequestConfigCallback(request -> request
                        .setConnectionRequestTimeout(Timeout.of(config.connectTimeout()))
                        .setResponseTimeout(Timeout.of(config.responseTimeout())))
                .setConnectionConfigCallback(connection -> connection
                        .setConnectTimeout(Timeout.of(config.connectTimeout())));
        String path = config.url().getPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            builder.setPathPrefix(path);
        }
        if (config.username().isPresent()) {
            BasicCredentialsProvider credentials = new BasicCredentialsProvider();
            credentials.setCredentials(new AuthScope(host),
                    new UsernamePasswordCredentials(config.username().get(), config.password().orElse("").toCharArray()));
            builder.setHttpClientConfigCallback(http -> http.setDefaultCredentialsProvider(credentials));
        }
        return new OpenSearchClient(builder.build());
    }

    private static int port(OpenSearchConfig config) {
        if (config.url().getPort() > 0) {
            return config.url().getPort();
        }
        return "https".equals(config.url().getScheme()) ? 443 : 80;
    }
}
