package io.kinesisopensearch.lambda;

/** Names taken from an event's ARNs and ids, for the records' coordinates. */
final class EventSources {

    private EventSources() {
    }

    /**
     * The stream of {@code arn:aws:kinesis:region:account:stream/NAME}, the table of
     * {@code arn:aws:dynamodb:region:account:table/NAME/stream/LABEL}; the whole text when it has
     * neither shape, so that a record is never without a stream.
     */
    static String streamName(String arn) {
        if (arn == null || arn.isBlank()) {
            return "unknown";
        }
        String resource = arn.substring(arn.lastIndexOf(':') + 1);
        String[] parts = arn.split(":", 6);
        if (parts.length == 6) {
            resource = parts[5];
        }
        String[] path = resource.split("/");
        return path.length >= 2 && (path[0].equals("stream") || path[0].equals("table")) ? path[1] : resource;
    }

    /** The shard of a Kinesis event id, {@code shardId-000000000006:4959...}. */
    static String shardId(String eventId) {
        if (eventId == null) {
            return "unknown";
        }
        int colon = eventId.indexOf(':');
        return colon > 0 ? eventId.substring(0, colon) : eventId;
    }

    /** The queue of {@code arn:aws:sqs:region:account:NAME}; {@code unknown} without one. */
    static String queueName(String arn) {
        if (arn == null || arn.isBlank()) {
            return "unknown";
        }
        return arn.substring(arn.lastIndexOf(':') + 1);
    }

    /** The label of a DynamoDB stream ARN, {@code .../stream/2015-06-27T00:48:05.899}, as its shard. */
    static String streamLabel(String arn) {
        int at = arn == null ? -1 : arn.indexOf("/stream/");
        return at < 0 ? "unknown" : arn.substring(at + "/stream/".length());
    }
}
