package io.kinesisopensearch.sink.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.kinesisopensearch.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.TransportException;
import org.opensearch.client.transport.aws.AwsSdk2Transport;
import org.opensearch.client.transport.aws.AwsSdk2TransportOptions;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5Transport;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;

class OpenSearchClientsTest {

    @Test
    void eachAuthGetsItsTransport() throws Exception {
        OpenSearchClient basic = OpenSearchClients.create(OpenSearchConfig.from(Settings.of(Map.of(
                "OPENSEARCH_URL", "https://search.example.com", "OPENSEARCH_USERNAME", "admin",
                "OPENSEARCH_PASSWORD", "secret"))));
        OpenSearchClient signed = OpenSearchClients.create(OpenSearchConfig.from(Settings.of(Map.of(
                "OPENSEARCH_URL", "https://search-orders.eu-west-1.es.amazonaws.com", "OPENSEARCH_AUTH", "sigv4",
                "AWS_REGION", "eu-west-1"))));

        assertThat(basic._transport()).isInstanceOf(ApacheHttpClient5Transport.class);
        assertThat(signed._transport()).isInstanceOf(AwsSdk2Transport.class);
        basic._transport().close();
        signed._transport().close();
    }

    @Test
    void theInsecureOptOutIsAWarningEveryTimeAClientIsMade() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(OpenSearchClients.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        try {
            OpenSearchConfig config = OpenSearchConfig.from(Settings.of(Map.of(
                    "OPENSEARCH_URL", "https://localhost:9200", "OPENSEARCH_TLS_INSECURE", "true")));
            OpenSearchClients.create(config)._transport().close();
            OpenSearchClients.create(config)._transport().close();
            OpenSearchClients.create(OpenSearchConfig.from(Settings.of(Map.of(
                    "OPENSEARCH_URL", "https://localhost:9200"))))._transport().close();
        } finally {
            logger.detachAppender(events);
        }

        assertThat(events.list).hasSize(2).allSatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains("TLS CERTIFICATE CHECKS ARE OFF", "opensearch.tls.insecure=true");
        });
    }

    @Test
    void awsSignatureErrorsLoseTheSignedRequestTheyQuote() {
        String aws = "The request signature we calculated does not match the signature you provided.\n\n"
                + "The Canonical String for this request should have been\n'POST\n/_bulk\n\nhost:x\n"
                + "x-amz-security-token:IQoJb3JpZ2luX2VjEXAMPLE\n'\n\nThe String-to-Sign should have been ...";

        assertThat(SignedTransport.redact(aws)).isEqualTo("The request signature we calculated does not match the"
                + " signature you provided. [signed request details removed]");
        assertThat(SignedTransport.redact("index_not_found_exception: no such index [x]"))
                .isEqualTo("index_not_found_exception: no such index [x]");
        assertThat(SignedTransport.redact(null)).isNull();
    }

    @Test
    void noCredentialsToSignWithIsAnIOExceptionTheWriterRetries() throws Exception {
        AwsSdk2TransportOptions options = AwsSdk2TransportOptions.builder()
                .setCredentials(() -> {
                    throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
                })
                .build();
        SignedTransport transport = new SignedTransport(ApacheHttpClient.create(), "localhost:1", "es",
                Region.EU_WEST_1, options);
        try {
            assertThatThrownBy(() -> new OpenSearchClient(transport).info())
                    .isInstanceOf(TransportException.class)
                    .hasMessage("Cannot sign the request to OpenSearch: Unable to load credentials from any of the"
                            + " providers in the chain");
        } finally {
            transport.close();
        }
    }
}
