package io.kinesisopensearch.record;


/**
 * A record could not be mapped to actions. The message names the record (stream, shard, sequence
 * number) and the reason; the record's neighbours are not affected.
 */
public final class MappingException extends Exception {

    private final transient RecordCoordinates coordinates;
    /** Why the record could not be mapped, without its coordinates. */
    private final String reason;

    /**
     * The record at {@code coordinates} could not be mapped.
     *
     * @param coordinates the record
     * @param reason      why, without the record's coordinates
     */
    public MappingException(RecordCoordinates coordinates, String reason) {
        this(coordinates, reason, null);
    }

    /**
     * The record at {@code coordinates} could not be mapped because of {@code cause}.
     *
     * @param coordinates the record
     * @param reason      why, without the record's coordinates
     * @param cause       the exception behind it, or {@code null}
     */
    public MappingException(RecordCoordinates coordinates, String reason, Throwable cause) {
        super("Cannot map record " + coordinates + ": " + reason, cause);
        this.coordinates = coordinates;
        this.reason = reason;
    }

    /**
     * The record that could not be mapped.
     *
     * @return its coordinates; {@code null} after deserialization, as they are not serialized
     */
    public RecordCoordinates coordinates() {
        return coordinates;
    }

    /**
     * Why, without the record's coordinates: for a dead letter's reason field.
     *
     * @return the reason
     */
    public String reason() {
        return reason;
    }
}
