package io.kinesisopensearch.consumer.bulk;

import io.kinesisopensearch.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach OpenSearch.
 *
 * @param url             the cluster's HTTP(S) address, for example {@code https://search.example.com:443}
 * @param username        the user for HTTP basic authentication, if the cluster asks for one
 * @param password        that user's password
 * @param connectTimeout  how long to wait for a connection
 * @param responseTimeout how long to wait for a response, a bulk response included
 */
public record OpenSearchConfig(
        URI url,
        Optional<String> username,
        Optional<String> password,
        Duration connectTimeout,
        Duration responseTimeout) {

    public static final String URL = "opensearch.url";
    public static final String USERNAME = "opensearch.username";
    public static final String PASSWORD = "opensearch.password";
    public static final String CONNECT_TIMEOUT = "opensearch.connect-timeout";
    public static final String RESPONSE_TIMEOUT = "opensearch.response-timeout";

    @Override
    public String toString() {
        return "OpenSearchConfig[url=" + url + ", username=" + username.orElse("-") + "]";
    }

    public static OpenSearchConfig from(Settings settings) {
        settings.require(URL, "the OpenSearch address, for example http://localhost:9200");
        URI url = settings.findUrl(URL, "http://localhost:9200").orElseThrow();
        Optional<String> username = settings.find(USERNAME);
        Optional<String> password = settings.find(PASSWORD);
        if (username.isPresent() && password.isEmpty()) {
            settings.require(PASSWORD, "the password for " + USERNAME);
        }
        return new OpenSearchConfig(
                url,
                username,
                password,
                settings.getDuration(CONNECT_TIMEOUT, Duration.ofSeconds(5)),
                settings.getDuration(RESPONSE_TIMEOUT, Duration.ofSeconds(60)));
    }
}
