package io.kinesisopensearch.consumer.dependency;

/**
 * Something the worker needs to answer: a name a person recognises ({@code Kinesis stream orders},
 * {@code OpenSearch}), where it is (its endpoint) and a cheap call that fails when it cannot be used.
 *
 * @param name      what it is, for the log and {@code /ready}
 * @param endpoint  where the worker reaches it
 * @param neededToRead whether KCL cannot start without it (the stream, the lease table): the worker waits
 *                  for these before starting KCL
 * @param check     a call that throws when the dependency cannot be reached or used
 */
public record Dependency(String name, String endpoint, boolean neededToRead, Check check) {

    /** One probe of a dependency. */
    @FunctionalInterface
    public interface Check {
        /** Returns when the dependency answered; throws what went wrong otherwise. */
        void run() throws Exception;
    }

    @Override
    public String toString() {
        return name + " at " + endpoint;
    }
}
