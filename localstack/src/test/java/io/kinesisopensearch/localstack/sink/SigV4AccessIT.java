package io.kinesisopensearch.localstack.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.testing.Figures;
import io.kinesisopensearch.mapping.DocumentAction;
import io.kinesisopensearch.sink.bulk.BulkConfig;
import io.kinesisopensearch.sink.bulk.BulkResult;
import io.kinesisopensearch.sink.bulk.BulkWriter;
import io.kinesisopensearch.sink.bulk.ConcurrencyLimiter;
import io.kinesisopensearch.sink.bulk.WriteCounters;
import io.kinesisopensearch.sink.client.OpenSearchClients;
import io.kinesisopensearch.sink.client.OpenSearchConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch.core.BulkRequest;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The worker reaches Amazon OpenSearch Service ({@code es}) and OpenSearch Serverless ({@code aoss})
 * with SigV4-signed requests: here through an HTTPS endpoint that checks every signature with the
 * SDK's own signer, as AWS does, in front of the local stack's real OpenSearch.
 */
@ExtendWith(LocalStackExtension.class)
class SigV4AccessIT {

    private static final String REGION = "eu-west-1";
    private static final AwsCredentialsIdentity KEYS =
            AwsCredentialsIdentity.create("AKIDLOCALSTACKTEST", "local-secret-" + UUID.randomUUID());

    private final LocalStack stack;
    private final Path dir;

    SigV4AccessIT(LocalStack stack) {
        this.stack = stack;
        this.dir = stack.workDir().resolve("sigv4-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"es", "aoss"})
    void aSignedBulkIsCheckedAndIndexed(String service) throws Exception {
        Figures figures = new Figures("sigv4-" + service);
        try (SigV4VerifyingProxy proxy = proxy(service)) {
            OpenSearchClient client = OpenSearchClients.create(OpenSearchConfig.from(Settings.of(
                    signedSettings(proxy, service, KEYS.secretAccessKey()))));
            String index = "signed-" + service + "-" + UUID.randomUUID().toString().substring(0, 8);
            List<DocumentAction> actions = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                // Ids as the worker makes them by default: stream:shard:sequence, with characters a path must encode.
                actions.add(DocumentAction.index(index, "orders:shardId-000000000000:4959" + i,
                        json("{\"order\":" + i + ",\"customer\":\"Zoë Ünal 東京\",\"note\":\"" + "x".repeat(200) + "\"}")));
            }
            // Small requests, so that several signed bulk requests go out, some of them compressed by the transport.
            BulkConfig small = new BulkConfig(100, 20_000, java.time.Duration.ofSeconds(1), 20_000, 2,
                    BulkConfig.DEFAULT.retry());
            WriteCounters stats = new WriteCounters();
            BulkResult result;
            try {
                result = new BulkWriter(client, small, new ConcurrencyLimiter(2), stats).write(actions);
                var fetched = client.get(get -> get.index(index).id("orders:shardId-000000000000:49597"), JsonNode.class);
                assertThat(fetched.found()).as("a signed GET of an id with ':' in its path").isTrue();
                assertThat(fetched.source().get("customer").asText()).isEqualTo("Zoë Ünal 東京");
            } finally {
                client._transport().close();
            }

            assertThat(proxy.refusals()).isEmpty();
            assertThat(result.allDone()).isTrue();
            assertThat(result.acknowledged()).isEqualTo(300);
            assertThat(stack.searchableDocuments(index)).as("documents in the real OpenSearch behind the proxy")
                    .isEqualTo(300);
            assertThat(stats.snapshot().bulkRequests()).isGreaterThanOrEqualTo(3);
            assertThat(proxy.verified()).isGreaterThan((int) stats.snapshot().bulkRequests());
            assertThat(proxy.compressed()).as("bulk bodies over 8 KiB, gzipped before signing").isPositive();
            figures.put("signed requests verified", proxy.verified())
                    .put("of them gzip", proxy.compressed())
                    .put("refused", proxy.refusals().size())
                    .put("bulk requests", stats.snapshot().bulkRequests())
                    .put("indexed", stack.searchableDocuments(index))
                    .print();
        }
    }

    @Test
    void aRequestSignedWithAnotherSecretIsRefusedAndTheSessionTokenStaysOutOfTheMessage() throws Exception {
        String sessionToken = "session-token-" + UUID.randomUUID();
        try (SigV4VerifyingProxy proxy = proxy("es")) {
            Map<String, String> settings = signedSettings(proxy, "es", "not-" + KEYS.secretAccessKey());
            settings.put("AWS_SESSION_TOKEN", sessionToken);
            OpenSearchClient client = OpenSearchClients.create(OpenSearchConfig.from(Settings.of(settings)));
            try {
                // The SigV4 transport reads AWS's 403 answer into an OpenSearchException, as BulkWriter expects;
                // AWS's canonical request, with the signed session token in it, is cut off.
                assertThatThrownBy(() -> client.bulk(oneDocument("wrong-secret")))
                        .isInstanceOfSatisfying(OpenSearchException.class, e -> assertThat(e.status()).isEqualTo(403))
                        .hasMessage("Request failed: [security_exception] The request signature we calculated does not"
                                + " match the signature you provided. Check your AWS Secret Access Key and signing method."
                                + " Consult the service documentation for details. [signed request details removed]")
                        .satisfies(e -> assertThat(causes(e)).allSatisfy(cause ->
                                assertThat(String.valueOf(cause.getMessage())).doesNotContain(sessionToken)));
            } finally {
                client._transport().close();
            }
            assertThat(proxy.verified()).isZero();
            assertThat(proxy.refusals()).singleElement().asString()
                    .contains("signature we calculated does not match", "x-amz-security-token:" + sessionToken);
        }
    }

    @Test
    void anUnsignedRequestIsRefused() throws Exception {
        try (SigV4VerifyingProxy proxy = proxy("es")) {
            Map<String, String> settings = Map.of(
                    "OPENSEARCH_URL", proxy.endpoint().toString(),
                    "OPENSEARCH_AUTH", "none",
                    "OPENSEARCH_TLS_TRUST_STORE", proxy.certificatePem().toString());
            OpenSearchClient client = OpenSearchClients.create(OpenSearchConfig.from(Settings.of(settings)));
            try {
                // The TLS handshake succeeds (the trust store applies to this transport too); AWS then says no.
                // opensearch-java's HTTP transport says "Forbidden access"; its cause holds AWS's answer.
                assertThatThrownBy(() -> client.bulk(oneDocument("unsigned")))
                        .isInstanceOf(IOException.class)
                        .hasMessage("Forbidden access")
                        .satisfies(e -> assertThat(causes(e)).map(Throwable::getMessage).anySatisfy(message ->
                                assertThat(message).contains("403 Forbidden", "Missing Authentication Token")));
            } finally {
                client._transport().close();
            }
            assertThat(proxy.verified()).isZero();
            assertThat(proxy.refusals()).singleElement().asString().endsWith("Missing Authentication Token");
        }
    }

    @Test
    void aWrongTrustStoreFailsTheHandshakeOnBothTransports() throws Exception {
        try (SigV4VerifyingProxy proxy = proxy("es")) {
            Path otherCa = TestCertificates.selfSignedPem(dir, "some-other-ca");
            Map<String, String> signed = signedSettings(proxy, "es", KEYS.secretAccessKey());
            signed.put("OPENSEARCH_TLS_TRUST_STORE", otherCa.toString());
            Map<String, String> unsigned = Map.of("OPENSEARCH_URL", proxy.endpoint().toString(),
                    "OPENSEARCH_TLS_TRUST_STORE", otherCa.toString());
            for (Map<String, String> settings : List.of(signed, unsigned)) {
                OpenSearchClient client = OpenSearchClients.create(OpenSearchConfig.from(Settings.of(settings)));
                try {
                    assertThatThrownBy(() -> client.bulk(oneDocument("untrusted")))
                            .satisfies(e -> assertThat(causes(e)).anyMatch(SSLHandshakeException.class::isInstance))
                            .rootCause().hasMessage("unable to find valid certification path to requested target");
                } finally {
                    client._transport().close();
                }
            }
            assertThat(proxy.verified()).isZero();
            assertThat(proxy.refusals()).isEmpty();
        }
    }

    @Test
    void theInsecureOptOutReachesAnEndpointWithoutTrustStore() throws Exception {
        try (SigV4VerifyingProxy proxy = proxy("aoss")) {
            Map<String, String> settings = signedSettings(proxy, "aoss", KEYS.secretAccessKey());
            settings.remove("OPENSEARCH_TLS_TRUST_STORE");
            settings.put("OPENSEARCH_TLS_INSECURE", "true");
            OpenSearchClient client = OpenSearchClients.create(OpenSearchConfig.from(Settings.of(settings)));
            try {
                assertThat(client.bulk(oneDocument("insecure-" + UUID.randomUUID().toString().substring(0, 8)))
                        .errors()).isFalse();
            } finally {
                client._transport().close();
            }
            assertThat(proxy.verified()).isEqualTo(1);
        }
    }

    private SigV4VerifyingProxy proxy(String service) throws IOException, InterruptedException {
        return SigV4VerifyingProxy.start(stack.openSearchEndpoint(), service, REGION, KEYS, dir);
    }

    private static Map<String, String> signedSettings(SigV4VerifyingProxy proxy, String service, String secret) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("OPENSEARCH_URL", proxy.endpoint().toString());
        settings.put("OPENSEARCH_AUTH", "sigv4");
        settings.put("OPENSEARCH_AWS_SERVICE", service);
        if (service.equals("aoss")) {
            settings.put("OPENSEARCH_SERVERLESS_COLLECTION_TYPE", "search");
        }
        settings.put("OPENSEARCH_AWS_REGION", REGION);
        settings.put("AWS_ACCESS_KEY_ID", KEYS.accessKeyId());
        settings.put("AWS_SECRET_ACCESS_KEY", secret);
        settings.put("OPENSEARCH_TLS_TRUST_STORE", proxy.certificatePem().toString());
        return settings;
    }

    private static BulkRequest oneDocument(String index) {
        return BulkRequest.of(bulk -> bulk.operations(BulkOperation.of(operation -> operation
                .index(document -> document.index(index).id("1").document(Map.of("field", "value"))))));
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> causes = new ArrayList<>();
        for (Throwable cause = e; cause != null && !causes.contains(cause); cause = cause.getCause()) {
            causes.add(cause);
        }
        return causes;
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
