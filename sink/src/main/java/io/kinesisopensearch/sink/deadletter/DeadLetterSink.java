package io.kinesisopensearch.sink.deadletter;

import java.io.IOException;
import java.util.List;

/**
 * Where records that cannot be indexed go, with their reasons. A shard is checkpointed past a
 * record only after {@link #write} returned for it, so implementations must store durably before
 * returning.
 */
public interface DeadLetterSink extends AutoCloseable {

    /**
     * Stores {@code letters} durably; nothing is stored for an empty list. Called from several
     * threads at once, one per shard.
     *
     * @param letters the letters of one batch: all of one shard, in order
     * @throws IOException when they could not be stored; the sink retries, holding the shard meanwhile
     */
    void write(List<DeadLetter> letters) throws IOException;

    /**
     * Every letter stored under this destination, oldest file first: what a replay reads.
     *
     * @return the stored files or objects, each with its letters in order
     * @throws IOException when the destination cannot be listed or a file cannot be read or decoded
     */
    List<StoredLetters> readAll() throws IOException;

    /**
     * Where this sink stores, for messages.
     *
     * @return for example {@code s3://bucket/prefix/} or a directory's absolute path
     */
    String describe();

    /** Releases what the destination holds, such as its client; by default nothing. */
    @Override
    default void close() {
    }

    /**
     * The letters of one stored file or object.
     *
     * @param name    the file's path or the object's {@code s3://} URI
     * @param letters its letters, in order
     */
    record StoredLetters(String name, List<DeadLetter> letters) {
    }
}
