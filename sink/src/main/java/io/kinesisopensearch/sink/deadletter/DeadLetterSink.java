package io.kinesisopensearch.sink.deadletter;

import java.io.IOException;
import java.util.List;

/**
 * Where records that cannot be indexed go, with their reasons. A shard is checkpointed past a
 * record only after {@link #write} returned for it, so implementations must store durably before
 * returning.
 */
public interface DeadLetterSink extends AutoCloseable {

    /** Stores {@code letters} (all of one shard, in order) durably; nothing is stored for an empty list. */
    void write(List<DeadLetter> letters) throws IOException;

    /** Every letter stored under this destination, oldest file first: what a replay reads. */
    List<StoredLetters> readAll() throws IOException;

    /** Where this sink stores, for messages. */
    String describe();

    @Override
    default void close() {
    }

    /** The letters of one stored file or object. */
    record StoredLetters(String name, List<DeadLetter> letters) {
    }
}
