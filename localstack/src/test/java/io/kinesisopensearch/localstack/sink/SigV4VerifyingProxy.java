package io.kinesisopensearch.localstack.sink;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * An HTTPS endpoint in front of the local OpenSearch node that behaves like Amazon OpenSearch
 * Service or Serverless towards its clients: it checks each request's AWS Signature Version 4 by
 * signing the request it received again with the SDK's own {@link AwsV4HttpSigner} and the one
 * key pair it knows, refuses unsigned and badly signed requests with 403 as AWS does, and passes
 * the rest on to OpenSearch.
 *
 * <p>Its certificate is made at start with the JDK's keytool, for {@code localhost} and
 * {@code 127.0.0.1}; {@link #certificatePem()} is the file a client trusts.
 */
final class SigV4VerifyingProxy implements AutoCloseable {

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    /** AWS refuses a signature more than five minutes off its clock. */
    private static final Duration MAX_SKEW = Duration.ofMinutes(5);
    /** Headers java.net.http sets itself; the rest is passed on. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect",
            "upgrade", "authorization", "transfer-encoding", "keep-alive");

    private final HttpsServer server;
    private final ExecutorService threads;
    private final HttpClient upstreamClient;
    private final URI upstream;
    private final String service;
    private final String region;
    private final AwsCredentialsIdentity credentials;
    private final Path certificatePem;
    private final AtomicInteger verified = new AtomicInteger();
    private final AtomicInteger compressed = new AtomicInteger();
    private final List<String> refusals = java.util.Collections.synchronizedList(new ArrayList<>());

    private SigV4VerifyingProxy(HttpsServer server, ExecutorService threads, URI upstream, String service,
            String region, AwsCredentialsIdentity credentials, Path certificatePem) {
        this.server = server;
        this.threads = threads;
        this.upstream = upstream;
        this.service = service;
        this.region = region;
        this.credentials = credentials;
        this.certificatePem = certificatePem;
        this.upstreamClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * Starts a proxy on a free port of the loopback interface.
     *
     * @param upstream    the OpenSearch node requests go on to
     * @param service     the signing name the proxy expects: {@code es} or {@code aoss}
     * @param region      the region the proxy expects
     * @param credentials the only key pair whose signatures it accepts
     * @param dir         where its key store and certificate are written
     */
    static SigV4VerifyingProxy start(URI upstream, String service, String region, AwsCredentialsIdentity credentials,
            Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String name = "proxy-" + UUID.randomUUID().toString().substring(0, 8);
        char[] password = UUID.randomUUID().toString().toCharArray();
        Path keyStore = dir.resolve(name + ".p12");
        Path pem = dir.resolve(name + ".pem");
        TestCertificates.keytool("-genkeypair", "-alias", "proxy", "-keyalg", "EC", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", new String(password));
        TestCertificates.keytool("-exportcert", "-rfc", "-alias", "proxy", "-keystore", keyStore.toString(),
                "-storepass", new String(password), "-file", pem.toString());
        SSLContext tls;
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            tls = SSLContext.getInstance("TLS");
            tls.init(keys.getKeyManagers(), null, null);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("Cannot use the proxy's key store " + keyStore, e);
        }
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        server.setExecutor(threads);
        SigV4VerifyingProxy proxy = new SigV4VerifyingProxy(server, threads, upstream, service, region, credentials, pem);
        server.createContext("/", proxy::handle);
        server.start();
        return proxy;
    }

    /** Where clients send requests: {@code https://localhost:<port>}. */
    URI endpoint() {
        return URI.create("https://localhost:" + server.getAddress().getPort());
    }

    /** The proxy's certificate, PEM, for a client's trust store. */
    Path certificatePem() {
        return certificatePem;
    }

    /** Requests whose signature checked out and went on to OpenSearch. */
    int verified() {
        return verified.get();
    }

    /** Verified requests whose body was gzip-compressed (and signed so). */
    int compressed() {
        return compressed.get();
    }

    /** Why each refused request was refused. */
    List<String> refusals() {
        return List.copyOf(refusals);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String refusal = refusal(exchange, body);
            if (refusal != null) {
                refusals.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + ": " + refusal);
                byte[] answer = ("{\"message\":\"" + refusal.replace("\"", "'") + "\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.getResponseHeaders().add("x-amzn-ErrorType", "AccessDeniedException");
                exchange.sendResponseHeaders(403, answer.length);
                exchange.getResponseBody().write(answer);
                return;
            }
            verified.incrementAndGet();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                compressed.incrementAndGet();
            }
            forward(exchange, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Why AWS would refuse this request, or null when its signature is the one the SDK's signer makes. */
    private String refusal(HttpExchange exchange, byte[] body) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null) {
            return "Missing Authentication Token";
        }
        Matcher parts = AUTHORIZATION.matcher(authorization);
        if (!parts.matches()) {
            return "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' (AWS4-HMAC-SHA256)";
        }
        if (!parts.group(1).equals(credentials.accessKeyId())) {
            return "The security token included in the request is invalid.";
        }
        if (!parts.group(3).equals(region) || !parts.group(4).equals(service)) {
            return "Credential should be scoped to a valid region and service: expected " + region + "/" + service
                    + ", got " + parts.group(3) + "/" + parts.group(4);
        }
        String date = exchange.getRequestHeaders().getFirst("X-Amz-Date");
        if (date == null) {
            return "Missing X-Amz-Date";
        }
        Instant signedAt = Instant.from(AMZ_DATE.parse(date));
        if (Duration.between(signedAt, Instant.now()).abs().compareTo(MAX_SKEW) > 0) {
            return "Signature expired: " + date + " is more than 5 minutes from now";
        }
        List<String> signedHeaders = Arrays.asList(parts.group(5).split(";"));
        if (service.equals("aoss") && !signedHeaders.contains("x-amz-content-sha256")) {
            return "OpenSearch Serverless requires the signed header x-amz-content-sha256";
        }
        String expected = sign(exchange, body, signedHeaders, signedAt);
        if (!expected.equals(authorization)) {
            // Like AWS, the answer shows the signed headers it saw: the session token among them.
            StringBuilder canonical = new StringBuilder(exchange.getRequestMethod()).append(' ')
                    .append(exchange.getRequestURI().getRawPath());
            for (String name : signedHeaders) {
                canonical.append(' ').append(name).append(':').append(exchange.getRequestHeaders().getFirst(name));
            }
            return "The request signature we calculated does not match the signature you provided."
                    + " Check your AWS Secret Access Key and signing method. Consult the service documentation for"
                    + " details. The Canonical String for this request should have been '" + canonical + "'";
        }
        return null;
    }

    /** The Authorization header the SDK's signer gives the received request, signed at {@code signedAt}. */
    private String sign(HttpExchange exchange, byte[] body, List<String> signedHeaders, Instant signedAt) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(exchange.getRequestMethod()))
                .uri(URI.create("https://" + host + exchange.getRequestURI().toString()));
        for (String name : signedHeaders) {
            if (!name.equals("host") && !name.equals("x-amz-date")) {
                List<String> values = exchange.getRequestHeaders().get(name);
                request.putHeader(name, values == null ? List.of() : values);
            }
        }
        SignedRequest signed = AwsV4HttpSigner.create().sign(sign -> sign
                .identity(credentials)
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)));
        return signed.request().firstMatchingHeader("Authorization").orElse("");
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI().toString()))
                .timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!NOT_FORWARDED.contains(lower) && !lower.startsWith("x-amz-")) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> response = upstreamClient.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("content-length") && !lower.equals("transfer-encoding") && !lower.equals(":status")) {
                values.forEach(value -> exchange.getResponseHeaders().add(name, value));
            }
        });
        boolean noBody = exchange.getRequestMethod().equals("HEAD") || response.body().length == 0;
        exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : response.body().length);
        if (!noBody) {
            exchange.getResponseBody().write(response.body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "SigV4VerifyingProxy[" + endpoint() + " -> " + upstream + ", service=" + service + "]";
    }
}
