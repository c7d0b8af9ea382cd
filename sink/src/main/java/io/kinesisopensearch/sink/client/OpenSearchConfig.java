package io.kinesisopensearch.sink.client;

import io.kinesisopensearch.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach OpenSearch.
 *
 * @param url             the cluster's HTTP(S) address, for example {@code https://search.example.com:443}
 * @param auth            how requests authenticate: not at all, HTTP basic, or AWS Signature Version 4
 * @param username        the user for HTTP basic authentication, if the cluster asks for one
 * @param password        that user's password
 * @param aws             with {@link Auth#SIGV4}, the signing service, region and credentials
 * @param tls             how the cluster's certificate is checked
 * @param connectTimeout  how long to wait for a connection
 * @param responseTimeout how long to wait for a response, a bulk response included
 */
public record OpenSearchConfig(
        URI url,
        Auth auth,
        Optional<String> username,
        Optional<String> password,
        Optional<AwsSigning> aws,
        TlsConfig tls,
        Duration connectTimeout,
        Duration responseTimeout) {

    /** The setting of the cluster's address; required. */
    public static final String URL = "opensearch.url";
    /** The setting of the authentication: {@code none}, {@code basic} or {@code sigv4}. */
    public static final String AUTH = "opensearch.auth";
    /** The setting of the user for HTTP basic authentication. */
    public static final String USERNAME = "opensearch.username";
    /** The setting of that user's password. */
    public static final String PASSWORD = "opensearch.password";
    /** The setting of the connect timeout; 5 s by default. */
    public static final String CONNECT_TIMEOUT = "opensearch.connect-timeout";
    /** The setting of the response timeout; 60 s by default. */
    public static final String RESPONSE_TIMEOUT = "opensearch.response-timeout";

    /** How requests to OpenSearch authenticate ({@code opensearch.auth}). */
    public enum Auth {
        /** No authentication; the default without a user name. */
        NONE,
        /** HTTP basic authentication with {@code opensearch.username} and {@code opensearch.password}; the default with a user name. */
        BASIC,
        /** AWS Signature Version 4, for Amazon OpenSearch Service ({@code es}) and OpenSearch Serverless ({@code aoss}). */
        SIGV4
    }

    @Override
    public String toString() {
        // Never the password, nor anything of the AWS credentials.
        return "OpenSearchConfig[url=" + url + ", auth=" + auth + ", username=" + username.orElse("-")
                + aws.map(signing -> ", " + signing).orElse("") + ", " + tls + "]";
    }

    /**
     * The Serverless collection type, when requests go to OpenSearch Serverless.
     *
     * @return the collection type, or empty for a cluster that is not Serverless or whose type is unknown
     */
    public Optional<AwsSigning.CollectionType> serverlessCollectionType() {
        return aws.flatMap(AwsSigning::collectionType);
    }

    /**
     * Reads the {@code opensearch.*} settings, and with {@code sigv4} the signing settings.
     *
     * @param settings the settings
     * @return the configuration
     * @throws io.kinesisopensearch.config.ConfigException when a setting is missing, invalid, or does
     *         not go with the others (a user name without basic authentication, SigV4 to an address
     *         that is not https:// or has a path)
     */
    public static OpenSearchConfig from(Settings settings) {
        settings.require(URL, "the OpenSearch address, for example http://localhost:9200");
        URI url = settings.findUrl(URL, "http://localhost:9200").orElseThrow();
        Optional<String> username = settings.find(USERNAME);
        Optional<String> password = settings.find(PASSWORD);
        Auth auth = settings.getEnum(AUTH, Auth.class, username.isPresent() ? Auth.BASIC : Auth.NONE);
        if (auth == Auth.BASIC) {
            settings.require(USERNAME, "the user for " + Settings.describe(AUTH) + "=basic");
            settings.require(PASSWORD, "the password for " + USERNAME);
        } else if (username.isPresent()) {
            throw Settings.invalid(AUTH, auth.name().toLowerCase(java.util.Locale.ROOT), Settings.describe(USERNAME)
                    + " is set, which only basic authentication uses; set " + AUTH + "=basic or remove the user");
        }
        Optional<AwsSigning> aws = Optional.empty();
        if (auth == Auth.SIGV4) {
            if (!"https".equals(url.getScheme()) || hasPath(url)) {
                throw Settings.invalid(URL, url.toString(), "with " + Settings.describe(AUTH)
                        + "=sigv4 it must be an https:// address without a path, such as the domain's or collection's endpoint");
            }
            aws = Optional.of(AwsSigning.from(settings));
        }
        return new OpenSearchConfig(
                url,
                auth,
                username,
                password,
                aws,
                TlsConfig.from(settings),
                settings.getDuration(CONNECT_TIMEOUT, Duration.ofSeconds(5)),
                settings.getDuration(RESPONSE_TIMEOUT, Duration.ofSeconds(60)));
    }

    static boolean hasPath(URI url) {
        String path = url.getPath();
        return path != null && !path.isEmpty() && !path.equals("/");
    }
}
