package io.kinesisopensearch.localstack.rekognition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Amazon Rekognition's {@code DetectLabels} for tests and local runs: a loopback HTTP server on
 * Rekognition's wire protocol (AWS JSON 1.1: {@code POST /}, {@code X-Amz-Target:
 * RekognitionService.DetectLabels}, {@code Content-Type: application/x-amz-json-1.1}), so that the
 * AWS SDK's {@code RekognitionClient} calls it with {@code endpointOverride} or
 * {@code AWS_ENDPOINT_URL_REKOGNITION}. Signatures are not checked.
 *
 * <p>What it does as Rekognition does:
 * <ul>
 * <li>The image comes as {@code Image.Bytes} (base64 on the wire) or as {@code Image.S3Object}
 *     ({@code Bucket}, {@code Name}, optional {@code Version}), read from the S3 endpoint it was given
 *     ({@link ImageObjects}). Exactly one of the two, else {@code InvalidParameterException}.</li>
 * <li>A missing bucket, object or version: {@code InvalidS3ObjectException} ("Unable to get object
 *     metadata from S3. ..."). Bytes over 5 MiB or an object over 15 MiB:
 *     {@code ImageTooLargeException}. Anything not a JPEG ({@code FF D8 FF}) or PNG
 *     ({@code 89 50 4E 47 0D 0A 1A 0A}) by its first bytes, whatever its key or content type:
 *     {@code InvalidImageFormatException}.</li>
 * <li>The labels are the fixture's for an image with exactly those bytes ({@link SampleImages}, by
 *     SHA-256; the key does not matter), with {@code Confidence} at least {@code MinConfidence}
 *     (default 55), highest first, at most {@code MaxLabels}; {@code Settings.GeneralLabels}'s label
 *     and category inclusion and exclusion filters apply. Each label has {@code Name},
 *     {@code Confidence}, {@code Instances}, {@code Parents}, {@code Aliases} and {@code Categories}
 *     (empty arrays where the fixture has none), and the response {@code LabelModelVersion}.</li>
 * <li>{@code MinConfidence} outside 0 to 100 or a negative {@code MaxLabels}: {@code ValidationException}
 *     (a generic {@code RekognitionException} in the SDK, as for any model constraint).</li>
 * <li>Errors are HTTP 400 (500 for {@code ThrottlingException} and {@code InternalServerError}) with
 *     a JSON body {@code {"__type", "Code", "Logref", "Message"}}, from which the SDK makes the
 *     exception of that name.</li>
 * <li>For tests of callers' retries it refuses calls when told: the next N calls
 *     ({@link #throttleNext}) or a seeded fraction of them ({@link #throttleFraction}), with
 *     {@code ProvisionedThroughputExceededException} (400) or {@code ThrottlingException} (500), before
 *     looking at the request, as a rate limit does.</li>
 * </ul>
 *
 * <p>What it leaves out: every other operation ({@code UnknownOperationException}); detection
 * itself (an image that is not a sample gets no labels); {@code Features} other than
 * {@code GENERAL_LABELS} ({@code IMAGE_PROPERTIES} is ignored: no {@code ImageProperties} in the
 * answer); image dimensions (Rekognition's minimum of 80 and maximum of 10,000 pixels are not
 * checked); {@code OrientationCorrection}; the region of the bucket; access rights; TPS quotas of
 * its own.
 */
public final class RekognitionStandIn implements AutoCloseable {

    /** The prefix of Rekognition's {@code X-Amz-Target} header. */
    public static final String TARGET_PREFIX = "RekognitionService.";
    /** Rekognition's limit for {@code Image.Bytes}. */
    public static final int MAX_BYTES = 5 * 1024 * 1024;
    /** Rekognition's limit for an image in S3. */
    public static final int MAX_S3_OBJECT_BYTES = 15 * 1024 * 1024;
    /** The confidence below which labels are left out when the request names none. */
    public static final double DEFAULT_MIN_CONFIDENCE = 55;

    private static final Logger LOG = LoggerFactory.getLogger(RekognitionStandIn.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] PNG = {(byte) 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A};

    /** How a throttled call is refused. */
    public enum Throttling {
        /** {@code ProvisionedThroughputExceededException}, HTTP 400: over the account's TPS quota. */
        PROVISIONED_THROUGHPUT_EXCEEDED("ProvisionedThroughputExceededException", 400, "Provisioned rate exceeded"),
        /** {@code ThrottlingException}, HTTP 500: Rekognition temporarily unable to process the request. */
        THROTTLING("ThrottlingException", 500, "Rate exceeded");

        final String type;
        final int status;
        final String message;

        Throttling(String type, int status, String message) {
            this.type = type;
            this.status = status;
            this.message = message;
        }
    }

    /** What the stand-in has answered so far: calls, those refused by throttling, labels answered, other errors. */
    public record Stats(long calls, long throttled, long answered, long errors) {
    }

    private final ImageObjects objects;
    private final SampleImages samples;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "rekognition-stand-in");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private long throttleCount;
    private double throttleFraction;
    private Random throttleRandom;
    private Throttling throttling = Throttling.PROVISIONED_THROUGHPUT_EXCEEDED;

    private RekognitionStandIn(ImageObjects objects, SampleImages samples) throws IOException {
        this.objects = objects;
        this.samples = samples;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
        LOG.info("Rekognition stand-in at {} ({} sample images)", endpoint(), samples.all().size());
    }

    /** Starts a stand-in that reads S3 objects through {@code objects} (closed with it) and labels the shipped samples. */
    public static RekognitionStandIn start(ImageObjects objects) {
        return start(objects, SampleImages.load());
    }

    /** Starts a stand-in that reads S3 objects through {@code objects} (closed with it) and labels {@code samples}. */
    public static RekognitionStandIn start(ImageObjects objects, SampleImages samples) {
        try {
            return new RekognitionStandIn(objects, samples);
        } catch (IOException e) {
            objects.close();
            throw new UncheckedIOException("Cannot start the Rekognition stand-in", e);
        }
    }

    /** Starts a stand-in that reads images from the S3 endpoint {@code s3Endpoint} (path-style, as emulators need). */
    public static RekognitionStandIn start(URI s3Endpoint, Region region, AwsCredentialsProvider credentials) {
        S3Client s3 = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(s3Endpoint)
                .forcePathStyle(true)
                .region(region)
                .credentialsProvider(credentials)
                .build();
        return start(ImageObjects.s3(s3));
    }

    /** Where the SDK reaches it: the value for {@code endpointOverride} or {@code AWS_ENDPOINT_URL_REKOGNITION}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The labelled images. */
    public SampleImages samples() {
        return samples;
    }

    /** Refuses the next {@code count} calls, whatever they ask, as {@code how}; replaces earlier throttling. */
    public synchronized void throttleNext(int count, Throttling how) {
        throttleCount = count;
        throttleFraction = 0;
        throttling = how;
    }

    /**
     * Refuses each call from now on with probability {@code fraction}, drawn from a generator seeded
     * with {@code seed} (the same calls in the same order are refused on every run), as {@code how};
     * replaces earlier throttling.
     */
    public synchronized void throttleFraction(double fraction, long seed, Throttling how) {
        if (fraction < 0 || fraction > 1) {
            throw new IllegalArgumentException("A fraction is between 0 and 1: " + fraction);
        }
        throttleCount = 0;
        throttleFraction = fraction;
        throttleRandom = new Random(seed);
        throttling = how;
    }

    /** Answers every call again. */
    public synchronized void stopThrottling() {
        throttleCount = 0;
        throttleFraction = 0;
    }

    public Stats stats() {
        return new Stats(calls.get(), throttled.get(), answered.get(), errors.get());
    }

    private synchronized Optional<Throttling> throttle() {
        if (throttleCount > 0) {
            throttleCount--;
            return Optional.of(throttling);
        }
        if (throttleFraction > 0 && throttleRandom.nextDouble() < throttleFraction) {
            return Optional.of(throttling);
        }
        return Optional.empty();
    }

    /** A refusal with Rekognition's error type, HTTP status and message. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final String type;
        final int status;

        Refusal(String type, int status, String message) {
            super(message, null, false, false);
            this.type = type;
            this.status = status;
        }

        static Refusal badRequest(String type, String message) {
            return new Refusal(type, 400, message);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            calls.incrementAndGet();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Optional<Throttling> throttle = throttle();
            if (throttle.isPresent()) {
                throttled.incrementAndGet();
                error(exchange, new Refusal(throttle.get().type, throttle.get().status, throttle.get().message));
                return;
            }
            try {
                String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
                if (!"POST".equals(exchange.getRequestMethod()) || target == null || !target.startsWith(TARGET_PREFIX)) {
                    throw Refusal.badRequest("UnknownOperationException", "Expected a POST with X-Amz-Target " + TARGET_PREFIX + "*");
                }
                String operation = target.substring(TARGET_PREFIX.length());
                if (!operation.equals("DetectLabels")) {
                    throw Refusal.badRequest("UnknownOperationException",
                            "The stand-in answers DetectLabels only, not " + operation);
                }
                JsonNode request;
                try {
                    request = JSON.readTree(body);
                } catch (JsonProcessingException e) {
                    throw Refusal.badRequest("SerializationException", "Cannot parse the request body: " + e.getOriginalMessage());
                }
                if (request == null || !request.isObject()) {
                    throw Refusal.badRequest("SerializationException", "The request body is not a JSON object");
                }
                reply(exchange, 200, detectLabels(request));
                answered.incrementAndGet();
            } catch (Refusal refusal) {
                errors.incrementAndGet();
                error(exchange, refusal);
            } catch (RuntimeException e) {
                errors.incrementAndGet();
                LOG.warn("Rekognition stand-in failed on a request", e);
                error(exchange, new Refusal("InternalServerError", 500, "Stand-in failure: " + e));
            }
        }
    }

    private ObjectNode detectLabels(JsonNode request) throws Refusal {
        JsonNode maxLabels = request.path("MaxLabels");
        boolean limited = !maxLabels.isMissingNode() && !maxLabels.isNull();
        if (limited && (!maxLabels.isIntegralNumber() || !maxLabels.canConvertToInt() || maxLabels.asInt() < 0)) {
            throw validation("maxLabels", maxLabels, "Member must have value greater than or equal to 0");
        }
        JsonNode minConfidence = request.path("MinConfidence");
        double threshold = DEFAULT_MIN_CONFIDENCE;
        if (!minConfidence.isMissingNode() && !minConfidence.isNull()) {
            threshold = minConfidence.asDouble(-1);
            if (!minConfidence.isNumber() || threshold < 0 || threshold > 100) {
                throw validation("minConfidence", minConfidence, "Member must have value between 0 and 100");
            }
        }
        byte[] image = image(request.path("Image"));
        if (!startsWith(image, JPEG) && !startsWith(image, PNG)) {
            throw Refusal.badRequest("InvalidImageFormatException", "Request has invalid image format");
        }
        boolean generalLabels = !request.path("Features").isArray() || request.path("Features").isEmpty()
                || containsText(request.path("Features"), "GENERAL_LABELS");
        List<ObjectNode> labels = generalLabels
                ? samples.of(image).map(SampleImages.SampleImage::labels).orElse(List.of())
                : List.of();
        JsonNode filters = request.path("Settings").path("GeneralLabels");
        Set<String> include = texts(filters.path("LabelInclusionFilters"));
        Set<String> exclude = texts(filters.path("LabelExclusionFilters"));
        Set<String> includeCategories = texts(filters.path("LabelCategoryInclusionFilters"));
        Set<String> excludeCategories = texts(filters.path("LabelCategoryExclusionFilters"));
        final double min = threshold;
        List<ObjectNode> chosen = new ArrayList<>(labels.stream()
                .filter(label -> label.path("Confidence").asDouble() >= min)
                .filter(label -> include.isEmpty() || include.contains(label.path("Name").asText()))
                .filter(label -> !exclude.contains(label.path("Name").asText()))
                .filter(label -> includeCategories.isEmpty() || !disjoint(texts(label.path("Categories"), "Name"), includeCategories))
                .filter(label -> disjoint(texts(label.path("Categories"), "Name"), excludeCategories))
                .sorted(Comparator.comparingDouble((ObjectNode label) -> label.path("Confidence").asDouble()).reversed())
                .toList());
        if (limited && chosen.size() > maxLabels.asInt()) {
            chosen = chosen.subList(0, maxLabels.asInt());
        }
        ObjectNode response = JSON.createObjectNode();
        ArrayNode out = response.putArray("Labels");
        for (ObjectNode label : chosen) {
            ObjectNode copy = out.addObject();
            copy.put("Name", label.path("Name").asText());
            copy.put("Confidence", label.path("Confidence").asDouble());
            for (String list : List.of("Instances", "Parents", "Aliases", "Categories")) {
                copy.set(list, label.path(list).isArray() ? label.get(list).deepCopy() : JSON.createArrayNode());
            }
        }
        response.put("LabelModelVersion", samples.labelModelVersion());
        return response;
    }

    /** The image's bytes, from the request or from S3. */
    private byte[] image(JsonNode image) throws Refusal {
        if (!image.isObject()) {
            throw validation("image", image.isMissingNode() ? null : image, "Member must not be null");
        }
        JsonNode bytes = image.path("Bytes");
        JsonNode s3Object = image.path("S3Object");
        boolean hasBytes = !bytes.isMissingNode() && !bytes.isNull();
        boolean hasObject = !s3Object.isMissingNode() && !s3Object.isNull();
        if (hasBytes == hasObject) {
            throw Refusal.badRequest("InvalidParameterException", "Requested image should either contain bytes or s3 object.");
        }
        if (hasBytes) {
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(bytes.asText());
            } catch (IllegalArgumentException e) {
                throw Refusal.badRequest("SerializationException", "Image.Bytes is not base64: " + e.getMessage());
            }
            if (decoded.length == 0) {
                throw validation("image.bytes", null, "Member must have length greater than or equal to 1");
            }
            if (decoded.length > MAX_BYTES) {
                throw Refusal.badRequest("ImageTooLargeException", "Image size is too large.");
            }
            return decoded;
        }
        String bucket = s3Object.path("Bucket").asText("");
        String name = s3Object.path("Name").asText("");
        if (bucket.length() < 3) {
            throw validation("image.s3Object.bucket", s3Object.path("Bucket"), "Member must have length greater than or equal to 3");
        }
        if (name.isEmpty()) {
            throw validation("image.s3Object.name", s3Object.path("Name"), "Member must have length greater than or equal to 1");
        }
        JsonNode versionNode = s3Object.path("Version");
        String version = versionNode.isTextual() && !versionNode.asText().isEmpty() ? versionNode.asText() : null;
        byte[] object = objects.read(bucket, name, version, MAX_S3_OBJECT_BYTES).orElseThrow(() -> Refusal.badRequest(
                "InvalidS3ObjectException", "Unable to get object metadata from S3. Check object key, region and/or access permissions."));
        if (object.length > MAX_S3_OBJECT_BYTES) {
            throw Refusal.badRequest("ImageTooLargeException", "Image size is too large.");
        }
        return object;
    }

    private static Refusal validation(String member, JsonNode value, String constraint) {
        String shown = value == null || value.isMissingNode() || value.isNull() ? "null" : "'" + value.asText() + "'";
        return Refusal.badRequest("ValidationException", "1 validation error detected: Value " + shown + " at '" + member
                + "' failed to satisfy constraint: " + constraint);
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsText(JsonNode array, String text) {
        for (JsonNode element : array) {
            if (text.equals(element.asText())) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> texts = new HashSet<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }

    private static Set<String> texts(JsonNode array, String field) {
        Set<String> texts = new HashSet<>();
        array.forEach(element -> texts.add(element.path(field).asText()));
        return texts;
    }

    private static boolean disjoint(Set<String> a, Set<String> b) {
        return a.stream().noneMatch(b::contains);
    }

    private static void error(HttpExchange exchange, Refusal refusal) throws IOException {
        ObjectNode body = JSON.createObjectNode()
                .put("__type", refusal.type)
                .put("Code", refusal.type)
                .put("Logref", UUID.randomUUID().toString())
                .put("Message", refusal.getMessage());
        reply(exchange, refusal.status, body);
    }

    private static void reply(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        objects.close();
    }

    @Override
    public String toString() {
        return "RekognitionStandIn[" + endpoint() + "]";
    }
}
