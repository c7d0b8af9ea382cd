package io.kinesisopensearch.transformer.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The floor under the warm transform of the 6 MB CloudWatch Logs event: what the JDK and bare
 * Jackson need for its records' payloads alone, with no mapping, no documents and no response.
 * {@code inflate} is java.util.zip inflating every record's gzip (already base64-decoded);
 * {@code inflateAndCopy} also copies each inflated payload from a Jackson parser to a generator,
 * the cheapest parse-and-write Jackson offers. If these alone take longer than the target, the
 * target cannot be met by any mapping on this machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LogsFloorBenchmark {

    private static final JsonFactory JSON = new JsonFactory();

    private List<byte[]> payloads;

    @Setup(Level.Trial)
    public void setUp() {
        payloads = payloads(BenchEvents.logs(BenchEvents.EVENT_BYTES, 50));
    }

    @Benchmark
    public void inflate(Blackhole blackhole) throws IOException {
        for (byte[] gzip : payloads) {
            blackhole.consume(inflate(gzip));
        }
    }

    @Benchmark
    public void inflateAndCopy(Blackhole blackhole) throws IOException {
        for (byte[] gzip : payloads) {
            byte[] json = inflate(gzip);
            ByteArrayOutputStream out = new ByteArrayOutputStream(json.length);
            try (JsonParser parser = JSON.createParser(json); JsonGenerator generator = JSON.createGenerator(out)) {
                parser.nextToken();
                generator.copyCurrentStructure(parser);
            }
            blackhole.consume(out.toByteArray());
        }
    }

    /** Gzip bytes and inflated bytes of the event's payloads. */
    static long[] sizes() {
        long gzip = 0;
        long inflated = 0;
        for (byte[] payload : payloads(BenchEvents.logs(BenchEvents.EVENT_BYTES, 50))) {
            gzip += payload.length;
            try {
                inflated += inflate(payload).length;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new long[] {gzip, inflated};
    }

    private static byte[] inflate(byte[] gzip) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }

    // The records' data as the transformer has it after reading the event: base64-decoded.
    private static List<byte[]> payloads(byte[] event) {
        List<byte[]> payloads = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(event)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME && parser.currentName().equals("data")) {
                    parser.nextToken();
                    payloads.add(Base64.getDecoder().decode(parser.getText()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return payloads;
    }
}
