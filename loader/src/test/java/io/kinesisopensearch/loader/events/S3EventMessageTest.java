package io.kinesisopensearch.loader.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisopensearch.loader.events.S3ObjectEvent.Change;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The three shapes S3 events reach a queue in, on AWS's published samples (see resources/events/README.md). */
class S3EventMessageTest {

    @Test
    void anS3NotificationGivesItsObjectWithTheKeyUrlDecoded() {
        S3EventMessage message = S3EventMessage.decode(sample("s3-put.json"));

        assertThat(message.refusal()).isEmpty();
        assertThat(message.ignored()).isEmpty();
        assertThat(message.events()).containsExactly(new S3ObjectEvent(Change.CREATED, "example-bucket", "test/key", null,
                1024, "0123456789abcdef0123456789abcdef", "0A1B2C3D4E5F678901", "ObjectCreated:Put"));
    }

    @Test
    void aRemovalHasNoSizeAndStillItsDecodedKey() {
        S3EventMessage message = S3EventMessage.decode(sample("s3-delete.json"));

        assertThat(message.events()).singleElement().satisfies(event -> {
            assertThat(event.change()).isEqualTo(Change.REMOVED);
            assertThat(event.uri()).isEqualTo("s3://example-bucket/test/key");
            assertThat(event.size()).isEqualTo(-1);
            assertThat(event.eventName()).isEqualTo("ObjectRemoved:Delete");
        });
    }

    @Test
    void throughSnsTheNotificationIsTheEnvelopesMessage() {
        S3EventMessage direct = S3EventMessage.decode(sample("s3-put.json"));
        S3EventMessage throughSns = S3EventMessage.decode(sample("sns-s3-put.json"));

        assertThat(throughSns).isEqualTo(direct);
    }

    @Test
    void eventBridgeEventsGiveTheirObjectAndVersionWithTheKeyAsItIs() {
        S3EventMessage created = S3EventMessage.decode(sample("eventbridge-object-created.json"));
        S3EventMessage deleted = S3EventMessage.decode(sample("eventbridge-object-deleted.json"));

        assertThat(created.events()).containsExactly(new S3ObjectEvent(Change.CREATED, "amzn-s3-demo-bucket1",
                "example-key", "IYV3p45BT0ac8hjHg1houSdS1a.Mro8e", 5, "b1946ac92492d2347c6235b4d2611184",
                "617f08299329d189", "Object Created"));
        assertThat(deleted.events()).singleElement().satisfies(event -> {
            assertThat(event.change()).isEqualTo(Change.REMOVED);
            assertThat(event.key()).isEqualTo("example-key");
            assertThat(event.versionId()).isEqualTo("1QW9g1Z99LUNbvaaYVpW9xDlOLU.qxgF");
        });
        // EventBridge does not URL-encode: a '+' is a plus.
        assertThat(S3EventMessage.decode(sample("eventbridge-object-created.json").replace("example-key", "a+b%20c.csv"))
                .events().get(0).key()).isEqualTo("a+b%20c.csv");
    }

    @Test
    void s3sTestEventIsIgnoredNotRefused() {
        S3EventMessage message = S3EventMessage.decode(sample("s3-test-event.json"));

        assertThat(message.events()).isEmpty();
        assertThat(message.ignored()).containsExactly("s3:TestEvent");
        assertThat(message.isRefused()).isFalse();
    }

    @Test
    void otherS3EventsAreIgnoredAndLifecycleExpirationIsARemoval() {
        String tagging = sample("s3-put.json").replace("ObjectCreated:Put", "ObjectTagging:Put");
        String expired = sample("s3-delete.json").replace("ObjectRemoved:Delete", "LifecycleExpiration:Delete");
        String restore = sample("eventbridge-object-created.json").replace("Object Created", "Object Restore Completed");

        assertThat(S3EventMessage.decode(tagging).ignored()).containsExactly("ObjectTagging:Put");
        assertThat(S3EventMessage.decode(expired).events()).extracting(S3ObjectEvent::change).containsExactly(Change.REMOVED);
        assertThat(S3EventMessage.decode(restore).ignored()).containsExactly("Object Restore Completed");
        assertThat(S3EventMessage.decode(sample("sns-s3-put.json").replace("ObjectCreated:Put", "ObjectTagging:Put"))
                .ignored()).containsExactly("ObjectTagging:Put");
    }

    @Test
    void aKeyWithSpacesAndPlusesIsDecodedAsAFormValue() {
        String event = sample("s3-put.json").replace("test%2Fkey", "camera+roll/IMG_0003+%2B1.png");

        assertThat(S3EventMessage.decode(event).events().get(0).key()).isEqualTo("camera roll/IMG_0003 +1.png");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "this is not an S3 event",
        "{\"hello\":\"world\"}",
        "[1,2,3]",
        "{\"Records\":[{\"eventSource\":\"aws:kinesis\",\"eventName\":\"aws:kinesis:record\"}]}",
        "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"b\"}}}]}",
        "{\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Instance State-change Notification\",\"detail\":{}}",
        "{\"Type\":\"Notification\",\"Message\":\"Hello world!\"}",
        "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"100%\"}}}]}"
    })
    void whatIsNoS3EventIsRefusedWithItsReason(String body) {
        S3EventMessage message = S3EventMessage.decode(body);

        assertThat(message.refusal()).isPresent();
        assertThat(message.events()).isEmpty();
    }

    @Test
    void refusalsSayWhatWasWrong() {
        assertThat(S3EventMessage.decode("this is not an S3 event").refusal()).hasValueSatisfying(reason ->
                assertThat(reason).startsWith("not JSON"));
        assertThat(S3EventMessage.decode("{\"Type\":\"Notification\",\"Message\":\"Hello world!\"}").refusal())
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("the SNS Message is not JSON"));
        assertThat(S3EventMessage.decode("{\"hello\":\"world\"}").refusal()).hasValueSatisfying(reason ->
                assertThat(reason).contains("neither an S3 event notification"));
    }

    @Test
    void aNotificationOfSeveralRecordsGivesEachInOrder() {
        String two = "{\"Records\":[" + record("ObjectCreated:Put", "a.csv") + "," + record("ObjectRemoved:Delete", "b.csv")
                + "," + record("ObjectAcl:Put", "c.csv") + "]}";

        S3EventMessage message = S3EventMessage.decode(two);

        assertThat(message.events()).extracting(S3ObjectEvent::key).containsExactly("a.csv", "b.csv");
        assertThat(message.events()).extracting(S3ObjectEvent::change).isEqualTo(List.of(Change.CREATED, Change.REMOVED));
        assertThat(message.ignored()).containsExactly("ObjectAcl:Put");
    }

    private static String record(String name, String key) {
        return "{\"eventSource\":\"aws:s3\",\"eventName\":\"" + name + "\",\"s3\":{\"bucket\":{\"name\":\"b\"},"
                + "\"object\":{\"key\":\"" + key + "\"}}}";
    }

    static String sample(String name) {
        try (InputStream in = S3EventMessageTest.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
