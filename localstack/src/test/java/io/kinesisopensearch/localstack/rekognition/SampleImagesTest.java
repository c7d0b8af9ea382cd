package io.kinesisopensearch.localstack.rekognition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.localstack.rekognition.SampleImages.SampleImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The samples are real, small pictures, and their labels hang together as Rekognition's do. */
class SampleImagesTest {

    private final SampleImages samples = SampleImages.load();

    @Test
    void aHandfulOfSmallJpegAndPngPicturesOfTheSizeTheFixtureSays() throws Exception {
        assertThat(samples.all()).extracting(SampleImage::file)
                .containsExactly("dog.jpg", "cat.png", "bicycle.png", "beach.jpg", "mountain.jpg", "pizza.png");
        assertThat(samples.all().stream().mapToLong(image -> image.bytes().length).sum()).isLessThan(1_000_000);
        for (SampleImage image : samples.all()) {
            BufferedImage picture = ImageIO.read(new ByteArrayInputStream(image.bytes()));
            assertThat(picture).as(image.file()).isNotNull();
            assertThat(picture.getWidth()).as(image.file()).isEqualTo(image.width());
            assertThat(picture.getHeight()).as(image.file()).isEqualTo(image.height());
            assertThat(image.contentType()).isEqualTo(image.file().endsWith(".png") ? "image/png" : "image/jpeg");
            assertThat(image.sha256()).isEqualTo(SampleImages.sha256(image.bytes()));
            assertThat(samples.of(image.bytes())).containsSame(image);
        }
    }

    @Test
    void everyParentIsALabelOfTheImageWithAtLeastItsChildsConfidence() {
        for (SampleImage image : samples.all()) {
            assertThat(image.labels()).as(image.file()).hasSizeGreaterThanOrEqualTo(8);
            Map<String, ObjectNode> byName = image.labels().stream()
                    .collect(Collectors.toMap(label -> label.path("Name").asText(), Function.identity()));
            assertThat(byName).as("label names of %s are unique", image.file()).hasSameSizeAs(image.labels());
            for (ObjectNode label : image.labels()) {
                double confidence = label.path("Confidence").asDouble();
                assertThat(confidence).isBetween(50.0, 100.0);
                for (JsonNode parent : label.path("Parents")) {
                    ObjectNode parentLabel = byName.get(parent.path("Name").asText());
                    assertThat(parentLabel).as("%s: parent %s of %s", image.file(), parent, label.path("Name")).isNotNull();
                    assertThat(parentLabel.path("Confidence").asDouble()).isGreaterThanOrEqualTo(confidence);
                }
                for (JsonNode instance : label.path("Instances")) {
                    JsonNode box = instance.path("BoundingBox");
                    assertThat(box.path("Left").asDouble() + box.path("Width").asDouble()).isLessThanOrEqualTo(1.0);
                    assertThat(box.path("Top").asDouble() + box.path("Height").asDouble()).isLessThanOrEqualTo(1.0);
                }
                assertThat(label.path("Categories")).as("%s: %s has a category", image.file(), label.path("Name")).isNotEmpty();
            }
        }
        assertThat(samples.named("dog.jpg").labelNames()).startsWith("Dog", "Animal", "Canine", "Mammal", "Pet");
        assertThat(samples.named("pizza.png").labelNames()).startsWith("Pizza", "Food");
    }

    @Test
    void aPictureChangedByOneByteIsNoSample() {
        byte[] bytes = samples.named("cat.png").bytes().clone();
        bytes[bytes.length - 20] ^= 1;
        assertThat(samples.of(bytes)).isEmpty();
    }
}
