package io.kinesisopensearch.sink.client;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch._types.ErrorResponse;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.transport.Endpoint;
import org.opensearch.client.transport.TransportException;
import org.opensearch.client.transport.TransportOptions;
import org.opensearch.client.transport.aws.AwsSdk2Transport;
import org.opensearch.client.transport.aws.AwsSdk2TransportOptions;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * opensearch-java's SigV4 transport, with three things added: it closes the HTTP client it was given
 * ({@link AwsSdk2Transport#close()} leaves it open), a failure to sign is an {@link IOException} like
 * any other access failure, and it keeps the signed request out of error messages. AWS answers a bad signature with the canonical request it expected, and that holds
 * every signed header, the session token ({@code x-amz-security-token}) among them; those messages
 * end up in logs and dead letters, so everything from the canonical request on is cut off.
 */
final class SignedTransport extends AwsSdk2Transport {

    private static final String[] SIGNATURE_DETAILS = {"The Canonical String for this request", "The String-to-Sign",
        "canonical request", "Canonical Request"};

    private final SdkHttpClient http;

    SignedTransport(SdkHttpClient http, String host, String service, Region region, AwsSdk2TransportOptions options) {
        super(http, host, service, region, options);
        this.http = http;
    }

    @Override
    public <RequestT, ResponseT, ErrorT> ResponseT performRequest(RequestT request,
            Endpoint<RequestT, ResponseT, ErrorT> endpoint, TransportOptions options) throws IOException {
        try {
            return super.performRequest(request, endpoint, options);
        } catch (OpenSearchException e) {
            throw redacted(e);
        } catch (TransportException e) {
            throw redacted(e);
        } catch (SdkException e) {
            // No credentials to sign with (the task role's endpoint not answering, say) is an access
            // problem: an IOException, which the writer holds and retries, loudly.
            throw new TransportException("Cannot sign the request to OpenSearch: " + e.getMessage(), e);
        }
    }

    @Override
    public <RequestT, ResponseT, ErrorT> CompletableFuture<ResponseT> performRequestAsync(RequestT request,
            Endpoint<RequestT, ResponseT, ErrorT> endpoint, TransportOptions options) {
        return super.performRequestAsync(request, endpoint, options).handle((response, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof OpenSearchException e) {
                throw redacted(e);
            }
            if (cause instanceof TransportException e) {
                throw new CompletionException(redacted(e));
            }
            if (cause instanceof SdkException e) {
                throw new CompletionException(new TransportException("Cannot sign the request to OpenSearch: "
                        + e.getMessage(), e));
            }
            if (failure != null) {
                throw failure instanceof CompletionException completion ? completion : new CompletionException(failure);
            }
            return response;
        });
    }

    @Override
    public void close() {
        http.close();
    }

    /** {@code message} up to the first piece of the signed request, or as it is when it has none. */
    static String redact(String message) {
        if (message == null) {
            return null;
        }
        int cut = message.length();
        for (String marker : SIGNATURE_DETAILS) {
            int at = message.indexOf(marker);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        return cut == message.length() ? message : message.substring(0, cut).strip() + " [signed request details removed]";
    }

    private static OpenSearchException redacted(OpenSearchException e) {
        ErrorCause error = e.error();
        String reason = redact(error.reason());
        if (reason == null || reason.equals(error.reason())) {
            return e;
        }
        return new OpenSearchException(ErrorResponse.of(response -> response
                .status(e.status())
                .error(cause -> cause.type(error.type()).reason(reason))));
    }

    private static TransportException redacted(TransportException e) {
        boolean details = false;
        for (Throwable cause = e; cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            details |= cause.getMessage() != null && !cause.getMessage().equals(redact(cause.getMessage()));
        }
        // The causes are dropped with the details they may repeat; the status and AWS's own words stay.
        return details ? new TransportException(redact(e.getMessage())) : e;
    }
}
