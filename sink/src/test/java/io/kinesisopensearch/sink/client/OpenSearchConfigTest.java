package io.kinesisopensearch.sink.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.regions.Region;

class OpenSearchConfigTest {

    private static final String PASSWORD = "pa55-w0rd-never-logged";
    private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String SESSION_TOKEN = "FwoGZXIvYXdzEXAMPLE-session-token";
    private static final String STORE_PASSWORD = "st0re-secret";

    @TempDir
    Path dir;

    private static OpenSearchConfig config(String... keysAndValues) {
        Map<String, String> settings = new HashMap<>();
        settings.put(OpenSearchConfig.URL, "https://search.example.com");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return OpenSearchConfig.from(Settings.of(settings));
    }

    @Test
    void withoutAUserThereIsNoAuthenticationAndWithOneBasic() {
        assertThat(config().auth()).isEqualTo(OpenSearchConfig.Auth.NONE);
        assertThat(config("opensearch.username", "admin", "opensearch.password", PASSWORD).auth())
                .isEqualTo(OpenSearchConfig.Auth.BASIC);
        assertThat(config().tls()).isEqualTo(TlsConfig.DEFAULT);
        assertThat(config().aws()).isEmpty();
    }

    @Test
    void basicNeedsBothUserAndPassword() {
        assertThatThrownBy(() -> config("opensearch.auth", "basic"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("opensearch.username");
        assertThatThrownBy(() -> config("opensearch.username", "admin"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("OPENSEARCH_PASSWORD");
        assertThatThrownBy(() -> config("opensearch.auth", "sigv4", "opensearch.username", "admin",
                "opensearch.password", PASSWORD, "aws.region", "eu-west-1"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("opensearch.auth")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void anUnknownAuthNamesTheChoices() {
        assertThatThrownBy(() -> config("opensearch.auth", "kerberos"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid setting opensearch.auth (environment variable OPENSEARCH_AUTH) = 'kerberos':"
                        + " allowed values are NONE, BASIC, SIGV4");
    }

    @Test
    void sigv4SignsForOpenSearchServiceInTheConfiguredRegionWithTheGivenKeys() {
        OpenSearchConfig config = config("OPENSEARCH_AUTH", "sigv4", "AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", SECRET_KEY);

        AwsSigning signing = config.aws().orElseThrow();
        assertThat(signing.service()).isEqualTo(AwsSigning.Service.ES);
        assertThat(signing.region()).isEqualTo(Region.EU_WEST_1);
        assertThat(signing.credentials().resolveCredentials().secretAccessKey()).isEqualTo(SECRET_KEY);
        assertThat(config.serverlessCollectionType()).isEmpty();
    }

    @Test
    void theOpenSearchRegionWinsOverTheWorkersRegion() {
        OpenSearchConfig config = config("opensearch.auth", "sigv4", "aws.region", "eu-west-1",
                "opensearch.aws.region", "us-west-2");

        assertThat(config.aws().orElseThrow().region()).isEqualTo(Region.US_WEST_2);
    }

    @Test
    void serverlessNeedsItsCollectionTypeAndOnlyServerlessHasOne() {
        assertThatThrownBy(() -> config("opensearch.auth", "sigv4", "aws.region", "eu-west-1",
                "opensearch.aws.service", "aoss"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Missing setting opensearch.serverless.collection-type"
                        + " (environment variable OPENSEARCH_SERVERLESS_COLLECTION_TYPE)");
        assertThatThrownBy(() -> config("opensearch.auth", "sigv4", "aws.region", "eu-west-1",
                "opensearch.serverless.collection-type", "search"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("opensearch.serverless.collection-type").hasMessageContaining("aoss");

        OpenSearchConfig config = config("opensearch.auth", "sigv4", "aws.region", "eu-west-1",
                "opensearch.aws.service", "aoss", "opensearch.serverless.collection-type", "timeseries");
        assertThat(config.aws().orElseThrow().service().signingName()).isEqualTo("aoss");
        assertThat(config.serverlessCollectionType()).contains(AwsSigning.CollectionType.TIMESERIES);
    }

    @Test
    void sigv4NeedsAnHttpsEndpointWithoutPath() {
        for (String url : List.of("http://search.example.com", "https://search.example.com/prefix")) {
            assertThatThrownBy(() -> config("opensearch.url", url, "opensearch.auth", "sigv4", "aws.region", "eu-west-1"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("Invalid setting opensearch.url (environment variable OPENSEARCH_URL)");
        }
    }

    @Test
    void noSecretInAnyToString() {
        OpenSearchConfig basic = config("opensearch.username", "admin", "opensearch.password", PASSWORD);
        OpenSearchConfig sigv4 = config("opensearch.auth", "sigv4", "aws.region", "eu-west-1",
                "aws.access-key-id", "AKIDEXAMPLE", "aws.secret-access-key", SECRET_KEY,
                "aws.session-token", SESSION_TOKEN);

        assertThat(sigv4.aws().orElseThrow().credentials().resolveCredentials())
                .isInstanceOf(AwsSessionCredentials.class);
        for (Object value : List.of(basic, sigv4, sigv4.aws().orElseThrow(), sigv4.tls(),
                sigv4.aws().orElseThrow().credentials().resolveCredentials())) {
            assertThat(value.toString()).doesNotContain(PASSWORD, SECRET_KEY, SESSION_TOKEN);
        }
        assertThat(basic.toString()).contains("admin", "BASIC");
        assertThat(sigv4.toString()).contains("service=es", "region=eu-west-1");
    }

    @Test
    void aPemTrustStoreIsRead() throws Exception {
        Path pem = dir.resolve("ca.pem");
        Files.writeString(pem, certificatePem(dir, "ca"));

        TlsConfig tls = config("opensearch.tls.trust-store", pem.toString()).tls();

        assertThat(tls.trustManagers()).isPresent();
        assertThat(tls.toString()).contains(pem.toString());
    }

    @Test
    void aPkcs12TrustStoreIsReadWithItsPasswordWhichNoMessageShows() throws Exception {
        Path store = dir.resolve("ca.p12");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-dname", "CN=test-ca", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", STORE_PASSWORD);

        TlsConfig tls = config("opensearch.tls.trust-store", store.toString(),
                "opensearch.tls.trust-store-password", STORE_PASSWORD).tls();
        assertThat(tls.trustStore()).isPresent();
        assertThat(tls.toString()).doesNotContain(STORE_PASSWORD);

        assertThatThrownBy(() -> config("opensearch.tls.trust-store", store.toString(),
                "opensearch.tls.trust-store-password", "wrong-" + STORE_PASSWORD))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid setting opensearch.tls.trust-store (environment variable"
                        + " OPENSEARCH_TLS_TRUST_STORE) = '" + store + "': cannot read it")
                .hasMessageNotContaining(STORE_PASSWORD);
    }

    @Test
    void aTrustStoreThatCannotBeReadStopsTheStart() throws Exception {
        Path garbage = Files.writeString(dir.resolve("ca.pem"), "not a certificate at all");
        Path badPem = Files.writeString(dir.resolve("bad.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        for (Path path : List.of(dir.resolve("missing.pem"), garbage, badPem)) {
            assertThatThrownBy(() -> config("opensearch.tls.trust-store", path.toString()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("Invalid setting opensearch.tls.trust-store")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void theInsecureOptOutIsExplicitAndExcludesATrustStore() throws Exception {
        assertThat(config().tls().insecure()).isFalse();
        assertThat(config("opensearch.tls.insecure", "true").tls().insecure()).isTrue();
        Path pem = Files.writeString(dir.resolve("ca.pem"), certificatePem(dir, "other"));
        assertThatThrownBy(() -> config("opensearch.tls.insecure", "true", "opensearch.tls.trust-store", pem.toString()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("opensearch.tls.insecure");
    }

    /** A fresh self-signed certificate in PEM, made with the JDK's keytool; no key is ever committed. */
    static String certificatePem(Path dir, String name) throws IOException, InterruptedException {
        Path store = dir.resolve(name + "-key.p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-dname", "CN=" + name, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit");
        Path pem = dir.resolve(name + "-cert.pem");
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", store.toString(), "-storepass", "changeit",
                "-file", pem.toString());
        return Files.readString(pem);
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
    }
}
