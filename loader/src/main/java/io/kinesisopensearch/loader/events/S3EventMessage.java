package io.kinesisopensearch.loader.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.kinesisopensearch.decode.Json;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one queue message says about S3 objects, decoded from any of the shapes S3 events arrive in
 * (pure logic, no I/O):
 * <ul>
 * <li>an S3 event notification sent straight to the queue: {@code {"Records": [{"eventSource":
 *     "aws:s3", "eventName": "ObjectCreated:Put", "s3": {...}}]}}, keys URL-encoded as a form
 *     value ({@code red+flower.jpg} is {@code red flower.jpg});</li>
 * <li>the same notification through an SNS topic: SNS's envelope, {@code {"Type": "Notification",
 *     "Message": "<the notification as text>", ...}} (a subscription with raw message delivery
 *     sends the notification itself);</li>
 * <li>an S3 event through EventBridge: {@code {"source": "aws.s3", "detail-type": "Object
 *     Created", "detail": {"bucket": {...}, "object": {...}}}}, whose keys are not encoded;</li>
 * <li>S3's test message, sent when a notification is configured ({@code "Event": "s3:TestEvent"}).</li>
 * </ul>
 * Created objects ({@code ObjectCreated:*}, {@code Object Created}) and removed ones
 * ({@code ObjectRemoved:*}, {@code LifecycleExpiration:Delete}, {@code ...:DeleteMarkerCreated},
 * {@code Object Deleted}) are {@link #events()}; test messages and other S3 events (restores,
 * tags, ACLs, replication, ...) are {@link #ignored()}; anything else is {@link #refusal()}, a
 * message that is no S3 event at all.
 *
 * @param events  the object changes, in message order
 * @param ignored what was left alone, by name ({@code s3:TestEvent}, {@code ObjectTagging:Put}, ...)
 * @param refusal why this is no S3 event, when it is not
 */
public record S3EventMessage(List<S3ObjectEvent> events, List<String> ignored, Optional<String> refusal) {

    /**
     * Keeps unmodifiable copies of the lists.
     *
     * @param events  the object changes, in message order
     * @param ignored what was left alone, by name
     * @param refusal why this is no S3 event, when it is not
     */
    public S3EventMessage {
        events = List.copyOf(events);
        ignored = List.copyOf(ignored);
    }

    /**
     * Decodes a message body; never throws.
     *
     * @param body the message's body, in any of the shapes above
     * @return what the message says; a body that is no S3 event, or one of whose records is not,
     *         has a {@link #refusal()} and neither events nor ignored names
     */
    public static S3EventMessage decode(String body) {
        try {
            return decode(body, false);
        } catch (Refused e) {
            return new S3EventMessage(List.of(), List.of(), Optional.of(e.getMessage()));
        }
    }

    /**
     * Whether the message is no S3 event.
     *
     * @return whether {@link #refusal()} is present
     */
    public boolean isRefused() {
        return refusal.isPresent();
    }

    private static S3EventMessage decode(String body, boolean inSns) throws Refused {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new Refused((inSns ? "the SNS Message is " : "") + "not JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new Refused((inSns ? "the SNS Message is " : "") + "not a JSON object");
        }
        if (!inSns && "Notification".equals(root.path("Type").asText()) && root.path("Message").isTextual()) {
            return decode(root.get("Message").asText(), true);
        }
        if (root.has("Records")) {
            return notification(root.get("Records"));
        }
        if ("s3:TestEvent".equals(root.path("Event").asText())) {
            return new S3EventMessage(List.of(), List.of("s3:TestEvent"), Optional.empty());
        }
        if (root.has("detail-type") && root.has("detail")) {
            return eventBridge(root);
        }
        throw new Refused("neither an S3 event notification (Records), an SNS notification of one (Type, Message),"
                + " an EventBridge S3 event (detail-type, detail) nor S3's test event");
    }

    private static S3EventMessage notification(JsonNode records) throws Refused {
        if (!records.isArray()) {
            throw new Refused("Records is not an array");
        }
        List<S3ObjectEvent> events = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            JsonNode record = records.get(i);
            String source = record.path("eventSource").asText("");
            if (!source.equals("aws:s3")) {
                throw new Refused("record " + (i + 1) + " is no S3 event: eventSource '" + source + "'");
            }
            String name = record.path("eventName").asText("");
            S3ObjectEvent.Change change = notificationChange(name);
            if (change == null) {
                ignored.add(name);
                continue;
            }
            JsonNode object = record.path("s3").path("object");
            String bucket = record.path("s3").path("bucket").path("name").asText("");
            String encodedKey = object.path("key").asText("");
            if (bucket.isEmpty() || encodedKey.isEmpty()) {
                throw new Refused("record " + (i + 1) + " (" + name + ") names no bucket or key");
            }
            String key;
            try {
                key = URLDecoder.decode(encodedKey, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new Refused("record " + (i + 1) + ": the key '" + encodedKey + "' is not URL-encoded: " + e.getMessage());
            }
            events.add(new S3ObjectEvent(change, bucket, key, text(object, "versionId"), object.path("size").asLong(-1),
                    text(object, "eTag"), text(object, "sequencer"), name));
        }
        return new S3EventMessage(events, ignored, Optional.empty());
    }

    private static S3ObjectEvent.Change notificationChange(String name) {
        if (name.startsWith("ObjectCreated:")) {
            return S3ObjectEvent.Change.CREATED;
        }
        if (name.startsWith("ObjectRemoved:") || name.startsWith("LifecycleExpiration:Delete")) {
            return S3ObjectEvent.Change.REMOVED;
        }
        return null;
    }

    private static S3EventMessage eventBridge(JsonNode root) throws Refused {
        String source = root.path("source").asText("");
        if (!source.equals("aws.s3")) {
            throw new Refused("an EventBridge event from '" + source + "', not aws.s3");
        }
        String type = root.path("detail-type").asText("");
        S3ObjectEvent.Change change = switch (type) {
            case "Object Created" -> S3ObjectEvent.Change.CREATED;
            case "Object Deleted" -> S3ObjectEvent.Change.REMOVED;
            default -> null;
        };
        if (change == null) {
            return new S3EventMessage(List.of(), List.of(type), Optional.empty());
        }
        JsonNode detail = root.get("detail");
        JsonNode object = detail.path("object");
        String bucket = detail.path("bucket").path("name").asText("");
        String key = object.path("key").asText("");
        if (bucket.isEmpty() || key.isEmpty()) {
            throw new Refused("the EventBridge event (" + type + ") names no bucket or key");
        }
        return new S3EventMessage(List.of(new S3ObjectEvent(change, bucket, key, text(object, "version-id"),
                object.path("size").asLong(-1), text(object, "etag"), text(object, "sequencer"), type)),
                List.of(), Optional.empty());
    }

    private static String text(JsonNode node, String field) {
        String value = node.path(field).asText("");
        return value.isEmpty() || value.equals("null") ? null : value;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** A message that is no S3 event, and why. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super(reason, null, false, false);
        }
    }
}
