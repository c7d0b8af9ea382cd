package io.kinesisopensearch.sink.testing;

import io.kinesisopensearch.sink.deadletter.DeadLetter;
import io.kinesisopensearch.sink.deadletter.DeadLetterSink;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;

/**
 * What tests of the sink and of its users share (the consumer's tests take it from this module's test jar):
 * a dead-letter destination in memory and an OpenSearch port nobody listens on.
 */
public final class TestSupport {

    private TestSupport() {
    }

    /** A destination that fails {@code failures} times, then keeps what it is given in {@code stored}. */
    public static DeadLetterSink memorySink(List<DeadLetter> stored, int failures) {
        return new DeadLetterSink() {
            private int failed;

            @Override
            public void write(List<DeadLetter> letters) throws IOException {
                if (failed < failures) {
                    failed++;
                    throw new IOException("destination down");
                }
                stored.addAll(letters);
            }

            @Override
            public List<StoredLetters> readAll() {
                return List.of(new StoredLetters("memory", stored));
            }

            @Override
            public String describe() {
                return "memory";
            }
        };
    }

    public static int deadPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
