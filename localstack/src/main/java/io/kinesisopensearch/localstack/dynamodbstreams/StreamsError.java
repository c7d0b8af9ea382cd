package io.kinesisopensearch.localstack.dynamodbstreams;

/**
 * An error answered in AWS's JSON 1.0 shape: {@code {"__type": "com.amazonaws.dynamodb.v20120810#<type>",
 * "message": ...}} with the HTTP status the service gives it.
 */
final class StreamsError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String type;
    private final int status;

    StreamsError(String type, int status, String message) {
        super(message);
        this.type = type;
        this.status = status;
    }

    static StreamsError validation(String message) {
        return new StreamsError("ValidationException", 400, message);
    }

    static StreamsError notFound(String message) {
        return new StreamsError("ResourceNotFoundException", 400, "Requested resource not found: " + message);
    }

    String type() {
        return type;
    }

    int status() {
        return status;
    }
}
