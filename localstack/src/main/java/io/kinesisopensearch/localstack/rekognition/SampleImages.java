package io.kinesisopensearch.localstack.rekognition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sample images of {@code samples/images/} on the class path and the labels Rekognition is to
 * see in each, from {@code samples/images/labels.json}: a handful of small drawn pictures (a dog, a
 * cat, a bicycle, a beach, a mountain, a pizza) with hand-written, Rekognition-like labels. An
 * image is known by the SHA-256 of its bytes, so that the same picture under any key gets the same
 * labels, and a picture changed by a byte gets none.
 */
public final class SampleImages {

    /** Where the images and {@code labels.json} are on the class path. */
    public static final String RESOURCE_DIRECTORY = "samples/images/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String labelModelVersion;
    private final Map<String, SampleImage> byDigest;

    /**
     * One sample: its file name under {@link #RESOURCE_DIRECTORY}, media type, what it shows, size in
     * pixels, bytes, their SHA-256 (hex), and its labels in DetectLabels' shape ({@code Name},
     * {@code Confidence}, optional {@code Instances}, {@code Parents}, {@code Aliases},
     * {@code Categories}).
     */
    public record SampleImage(String file, String contentType, String description, int width, int height, byte[] bytes,
            String sha256, List<ObjectNode> labels) {

        /** The labels' names, highest confidence first. */
        public List<String> labelNames() {
            return labels.stream()
                    .sorted((a, b) -> Double.compare(b.path("Confidence").asDouble(), a.path("Confidence").asDouble()))
                    .map(label -> label.path("Name").asText())
                    .toList();
        }

        @Override
        public String toString() {
            return "SampleImage[" + file + ", " + bytes.length + " bytes, " + labels.size() + " labels]";
        }
    }

    private SampleImages(String labelModelVersion, Map<String, SampleImage> byDigest) {
        this.labelModelVersion = labelModelVersion;
        this.byDigest = byDigest;
    }

    /** The samples shipped with this module. */
    public static SampleImages load() {
        JsonNode fixture;
        try (InputStream in = resource("labels.json")) {
            fixture = JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE_DIRECTORY + "labels.json", e);
        }
        Map<String, SampleImage> images = new LinkedHashMap<>();
        for (JsonNode entry : fixture.path("images")) {
            String file = entry.path("file").asText();
            byte[] bytes;
            try (InputStream in = resource(file)) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + RESOURCE_DIRECTORY + file, e);
            }
            String digest = sha256(bytes);
            if (!digest.equals(entry.path("sha256").asText())) {
                throw new IllegalStateException(RESOURCE_DIRECTORY + file + " has SHA-256 " + digest
                        + ", labels.json says " + entry.path("sha256").asText() + ": put the new digest into labels.json");
            }
            List<ObjectNode> labels = new ArrayList<>();
            entry.path("labels").forEach(label -> labels.add((ObjectNode) label));
            images.put(digest, new SampleImage(file, entry.path("contentType").asText(), entry.path("description").asText(),
                    entry.path("width").asInt(), entry.path("height").asInt(), bytes, digest, List.copyOf(labels)));
        }
        return new SampleImages(fixture.path("labelModelVersion").asText("3.0"), images);
    }

    /** The version of the label model the fixture's labels pretend to come from ({@code LabelModelVersion}). */
    public String labelModelVersion() {
        return labelModelVersion;
    }

    /** Every sample, in the fixture's order. */
    public List<SampleImage> all() {
        return List.copyOf(byDigest.values());
    }

    /** The sample whose file name is {@code file} ({@code dog.jpg}, ...). */
    public SampleImage named(String file) {
        return byDigest.values().stream().filter(image -> image.file().equals(file)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No sample image " + file));
    }

    /** The sample with exactly these bytes, if any. */
    public Optional<SampleImage> of(byte[] bytes) {
        return Optional.ofNullable(byDigest.get(sha256(bytes)));
    }

    /** The SHA-256 of {@code bytes}, in lower-case hex. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-256", e);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = SampleImages.class.getClassLoader().getResourceAsStream(RESOURCE_DIRECTORY + name);
        if (in == null) {
            throw new IOException("No class-path resource " + RESOURCE_DIRECTORY + name);
        }
        return in;
    }
}
