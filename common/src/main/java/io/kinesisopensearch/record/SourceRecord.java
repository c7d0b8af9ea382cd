package io.kinesisopensearch.record;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One record as it arrives from Kinesis or Firehose: its coordinates and its bytes, not yet decoded.
 * The array is owned by this record and must not be changed.
 *
 * @param coordinates where the record sits in its stream
 * @param data        the record's bytes
 */
public record SourceRecord(RecordCoordinates coordinates, byte[] data) {

    /**
     * A record; {@code data} is not copied.
     *
     * @param coordinates where the record sits in its stream
     * @param data        the record's bytes
     * @throws NullPointerException when {@code coordinates} or {@code data} is null
     */
    public SourceRecord {
        Objects.requireNonNull(coordinates, "coordinates");
        Objects.requireNonNull(data, "data");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SourceRecord that
                && coordinates.equals(that.coordinates)
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * coordinates.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "SourceRecord[" + coordinates + ", " + data.length + " bytes]";
    }

    /**
     * The data as text, for messages about records that could not be read.
     *
     * @return the data decoded as UTF-8, malformed bytes replaced
     */
    public String dataAsText() {
        return new String(data, StandardCharsets.UTF_8);
    }
}
