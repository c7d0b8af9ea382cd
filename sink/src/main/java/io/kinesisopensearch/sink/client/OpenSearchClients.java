package io.kinesisopensearch.sink.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.aws.AwsSdk2Transport;
import org.opensearch.client.transport.aws.AwsSdk2TransportOptions;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * Builds the opensearch-java client the worker and the tests use: the one factory for every caller,
 * whatever the authentication.
 *
 * <ul>
 * <li>{@code none} and {@code basic}: opensearch-java's Apache HttpClient 5 transport.</li>
 * <li>{@code sigv4}: opensearch-java's {@link AwsSdk2Transport} ({@link SignedTransport}), which signs each request with the
 * SDK's {@code AwsV4HttpSigner}, over the SDK's Apache HTTP client: it is on the class path already
 * (KCL brings it), keeps a pool of up to 30 connections for the bulk requests in flight with
 * connect, acquisition and socket timeouts, and is the client opensearch-java's transport is made
 * and tested for (it sends bodies with POST, PUT and PATCH, all the writer needs).</li>
 * </ul>
 * Both use the same {@link TlsConfig}.
 */
public final class OpenSearchClients {

    private static final Logger LOG = LoggerFactory.getLogger(OpenSearchClients.class);
    private static final int MAX_CONNECTIONS = ApacheHttpClient5TransportBuilder.DEFAULT_MAX_CONN_TOTAL;
    private static final int MAX_CONNECTIONS_PER_ROUTE = ApacheHttpClient5TransportBuilder.DEFAULT_MAX_CONN_PER_ROUTE;

    private OpenSearchClients() {
    }

    /** A client for the configured cluster; close its transport when done ({@code client._transport().close()}). */
    public static OpenSearchClient create(OpenSearchConfig config) {
        if (config.tls().insecure()) {
            LOG.warn("TLS CERTIFICATE CHECKS ARE OFF for {} ({}=true): anyone between this worker and the cluster"
                    + " can read and change what is sent. Use this for a local cluster only.", config.url(), TlsConfig.INSECURE);
        }
        OpenSearchTransport transport = config.auth() == OpenSearchConfig.Auth.SIGV4 ? awsTransport(config) : httpTransport(config);
        return new OpenSearchClient(transport);
    }

    private static OpenSearchTransport httpTransport(OpenSearchConfig config) {
        HttpHost host = new HttpHost(config.url().getScheme(), config.url().getHost(), port(config));
        ApacheHttpClient5TransportBuilder builder = ApacheHttpClient5TransportBuilder.builder(host)
                .setMapper(mapper())
                .setRequestConfigCallback(request -> request
                        .setConnectionRequestTimeout(Timeout.of(config.connectTimeout()))
                        .setResponseTimeout(Timeout.of(config.responseTimeout())));
        if (OpenSearchConfig.hasPath(config.url())) {
            builder.setPathPrefix(config.url().getPath());
        }
        BasicCredentialsProvider credentials = new BasicCredentialsProvider();
        if (config.auth() == OpenSearchConfig.Auth.BASIC) {
            credentials.setCredentials(new AuthScope(host), new UsernamePasswordCredentials(
                    config.username().orElseThrow(), config.password().orElseThrow().toCharArray()));
        }
        // Our own connection manager, so that the trust store (or the opt-out) applies.
        builder.setHttpClientConfigCallback(http -> http
                .setDefaultCredentialsProvider(credentials)
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(MAX_CONNECTIONS)
                        .setMaxConnPerRoute(MAX_CONNECTIONS_PER_ROUTE)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(config.connectTimeout())).build())
                        .setTlsStrategy(tlsStrategy(config.tls()))
                        .build()));
        return builder.build();
    }

    private static org.apache.hc.core5.http.nio.ssl.TlsStrategy tlsStrategy(TlsConfig tls) {
        ClientTlsStrategyBuilder strategy = ClientTlsStrategyBuilder.create().setSslContext(tls.sslContext());
        if (tls.insecure()) {
            strategy.setHostnameVerifier(NoopHostnameVerifier.INSTANCE);
        }
        return strategy.buildAsync();
    }

    private static OpenSearchTransport awsTransport(OpenSearchConfig config) {
        AwsSigning signing = config.aws().orElseThrow();
        ApacheHttpClient.Builder http = ApacheHttpClient.builder()
                .connectionTimeout(config.connectTimeout())
                .connectionAcquisitionTimeout(config.connectTimeout())
                .socketTimeout(config.responseTimeout())
                .maxConnections(MAX_CONNECTIONS);
        config.tls().trustManagers().ifPresent(managers -> http.tlsTrustManagersProvider(() -> managers));
        SdkHttpClient client = config.tls().insecure()
                ? http.buildWithDefaults(AttributeMap.builder()
                        .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, Boolean.TRUE).build())
                : http.build();
        // The transport puts "https://" before the host; a port other than 443 travels with the host.
        String host = config.url().getPort() > 0 ? config.url().getHost() + ":" + config.url().getPort() : config.url().getHost();
        AwsSdk2TransportOptions options = AwsSdk2TransportOptions.builder()
                .setCredentials(signing.credentials())
                .setMapper(mapper())
                .build();
        return new SignedTransport(client, host, signing.service().signingName(), signing.region(), options);
    }

    private static JacksonJsonpMapper mapper() {
        return new JacksonJsonpMapper(new ObjectMapper());
    }

    private static int port(OpenSearchConfig config) {
        if (config.url().getPort() > 0) {
            return config.url().getPort();
        }
        return "https".equals(config.url().getScheme()) ? 443 : 80;
    }
}
