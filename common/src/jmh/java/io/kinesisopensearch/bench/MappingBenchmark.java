package io.kinesisopensearch.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kinesisopensearch.mapping.DocumentHook;
import io.kinesisopensearch.mapping.MappingHooks;
import io.kinesisopensearch.mapping.RecordMapper;
import io.kinesisopensearch.record.MappingException;
import io.kinesisopensearch.record.SourceRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One operation maps a batch of {@value Payloads#RECORDS} records of one format, or has bare
 * Jackson parse and write the same data: as a tree ({@code readTree} + {@code writeValueAsBytes},
 * what a hand-written mapping does at the least) and as a token stream copied from parser to
 * generator (no tree, the cheapest parse-and-write Jackson offers). The mapping runs three ways:
 * without a hook, with a trivial {@link DocumentHook} (it looks at each document's record and
 * nothing else: what the hook machinery itself costs), and with a hook that adds a computed field
 * (what a typical user hook costs: for pass-through JSON, the parse and write it forces).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class MappingBenchmark {

    private static final ObjectMapper BARE = new ObjectMapper();

    @Param({"JSON", "CSV", "DYNAMODB", "CLOUDWATCH_LOGS", "TEXT"})
    public Payloads format;

    /** Looks at each document's record and changes nothing. */
    static final DocumentHook TRIVIAL = document -> {
        if (document.record() == null) {
            throw new IllegalStateException("a document without its record");
        }
    };

    /** Adds a field computed from another: forces the document's fields to be read. */
    static final DocumentHook COMPUTED_FIELD = document -> document.fields()
            .put("fieldCount", document.fields().size());

    private RecordMapper mapper;
    private RecordMapper withTrivialHook;
    private RecordMapper withComputedField;
    private List<SourceRecord> records;
    private List<byte[]> jacksonInput;
    private boolean gzipped;

    @Setup
    public void setUp() {
        mapper = format.mapper();
        withTrivialHook = format.mapper(MappingHooks.of(TRIVIAL));
        withComputedField = format.mapper(MappingHooks.of(COMPUTED_FIELD));
        records = format.records();
        jacksonInput = format.jacksonInput();
        gzipped = format == Payloads.CLOUDWATCH_LOGS;
    }

    @Benchmark
    public void mapping(Blackhole blackhole) throws MappingException {
        for (SourceRecord record : records) {
            blackhole.consume(mapper.map(record));
        }
    }

    @Benchmark
    public void mappingTrivialHook(Blackhole blackhole) throws MappingException {
        for (SourceRecord record : records) {
            blackhole.consume(withTrivialHook.map(record));
        }
    }

    @Benchmark
    public void mappingComputedField(Blackhole blackhole) throws MappingException {
        for (SourceRecord record : records) {
            blackhole.consume(withComputedField.map(record));
        }
    }

    @Benchmark
    public void jacksonTree(Blackhole blackhole) throws IOException {
        for (byte[] json : jacksonInput) {
            JsonNode tree = BARE.readTree(gzipped ? inflate(json) : json);
            blackhole.consume(BARE.writeValueAsBytes(tree));
        }
    }

    @Benchmark
    public void jacksonStreaming(Blackhole blackhole) throws IOException {
        for (byte[] json : jacksonInput) {
            byte[] input = gzipped ? inflate(json) : json;
            ByteArrayOutputStream out = new ByteArrayOutputStream(input.length);
            try (JsonParser parser = BARE.getFactory().createParser(input);
                    JsonGenerator generator = BARE.getFactory().createGenerator(out)) {
                parser.nextToken();
                generator.copyCurrentStructure(parser);
            }
            blackhole.consume(out.toByteArray());
        }
    }

    private static byte[] inflate(byte[] gzip) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }
}
