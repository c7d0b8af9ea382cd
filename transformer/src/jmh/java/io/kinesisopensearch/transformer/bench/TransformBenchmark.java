package io.kinesisopensearch.transformer.bench;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.transformer.FirehoseTransformHandler;
import io.kinesisopensearch.transformer.Reingestion;
import io.kinesisopensearch.transformer.TransformerConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The warm transform of one 6 MB event, from the event's bytes to the response's bytes, through
 * the handler as Lambda calls it. Pieces are handed to a re-ingest that accepts them without I/O:
 * this measures the transformer, not a network.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TransformBenchmark {

    /** Accepts every piece, as a Firehose with room would. */
    static final Reingestion ACCEPT_ALL = (stream, region, pieces, deadline) -> {
        boolean[] accepted = new boolean[pieces.size()];
        Arrays.fill(accepted, true);
        return new Reingestion.Outcome(accepted, 1, 0);
    };

    @Param({"JSON", "CLOUDWATCH_LOGS"})
    public String format;

    private byte[] event;
    private FirehoseTransformHandler handler;

    @Setup(Level.Trial)
    public void setUp() {
        event = format.equals("JSON") ? BenchEvents.json(BenchEvents.EVENT_BYTES)
                : BenchEvents.logs(BenchEvents.EVENT_BYTES, 50);
        handler = handler(format);
    }

    static FirehoseTransformHandler handler(String format) {
        return new FirehoseTransformHandler(TransformerConfig.from(Settings.of(Map.of(
                "opensearch.index", "bench", "mapping.format", format))), ACCEPT_ALL);
    }

    @Benchmark
    public byte[] transform() throws IOException {
        return handler.transform(new ByteArrayInputStream(event), null).response();
    }

    /** What one transform of {@code format}'s event does: event bytes, records, documents, answered inline. */
    static List<Long> shape(String format) throws IOException {
        byte[] event = format.equals("JSON") ? BenchEvents.json(BenchEvents.EVENT_BYTES)
                : BenchEvents.logs(BenchEvents.EVENT_BYTES, 50);
        FirehoseTransformHandler.Invocation invocation = handler(format).transform(new ByteArrayInputStream(event), null);
        return List.of((long) event.length, (long) invocation.report().records(), (long) invocation.report().documents(),
                (long) invocation.report().ok(), invocation.report().responseBytes());
    }
}
