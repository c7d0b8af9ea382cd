package io.kinesisopensearch.record;


/**
 * A record could not be mapped to actions. The message names the record (stream, shard, sequence
 * number) and the reason; the record's neighbours are not affected.
 */
public final class MappingException extends Exception {

    private final transient RecordCoordinates coordinates;
    private final String reason;

    public MappingException(RecordCoordinates coordinates, String reason) {
        this(coordinates, reason, null);
    }

    public MappingException(RecordCoordinates coordinates, String reason, Throwable cause) {
        super("Cannot map record " + coordinates + ": " + reason, cause);
        this.coordinates = coordinates;
        this.reason = reason;
    }

    /** The record that could not be mapped. */
    public RecordCoordinates coordinates() {
        return coordinates;
    }

    /** Why, without the record's coordinates: for a dead letter's reason field. */
    public String reason() {
        return reason;
    }
}
