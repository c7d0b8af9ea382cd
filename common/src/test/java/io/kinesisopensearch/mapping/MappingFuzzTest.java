package io.kinesisopensearch.mapping;

import static io.kinesisopensearch.Fixtures.gzip;
import static io.kinesisopensearch.Fixtures.mapper;
import static io.kinesisopensearch.Fixtures.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.kinesisopensearch.record.KplAggregateEncoder;
import io.kinesisopensearch.record.KplDeaggregator;
import io.kinesisopensearch.record.MappingException;
import io.kinesisopensearch.record.RecordCoordinates;
import io.kinesisopensearch.record.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated records through every format's mapper: each must give actions or a
 * {@link MappingException}, never another exception, and every action's source must be a JSON
 * object. A seeded generator, not jqwik (see the commit that added this test); the seed changes per
 * run so CI keeps exploring, and a failure prints it: re-run with {@code -Dfuzz.seed=N}.
 */
class MappingFuzzTest {

    private static final int TRIES = Integer.getInteger("fuzz.tries", 4_000);
    // Plain Jackson, as OpenSearch reads numbers: doubles, so 1E999999 is valid (if infinite).
    private static final com.fasterxml.jackson.databind.ObjectMapper PLAIN = new com.fasterxml.jackson.databind.ObjectMapper();

    private static final List<RecordMapper> MAPPERS = List.of(
            mapper("mapping.id-pointer", "/id,/a/0", "mapping.routing-pointer", "/r", "mapping.version-pointer", "/v"),
            mapper("mapping.records-pointer", "/records", "mapping.timestamp-pointer", "/time",
                    "opensearch.index", "logs-{yyyy.MM.dd}", "mapping.exclude", "x", "mapping.metadata-field", "meta"),
            mapper("mapping.format", "csv", "mapping.csv.types", "amount:number,paid:boolean,at:timestamp"),
            mapper("mapping.format", "csv", "mapping.csv.columns", "id,amount", "mapping.csv.escape", "\\",
                    "mapping.csv.types", "amount:number", "mapping.id-pointer", "/id"),
            mapper("mapping.format", "dynamodb", "opensearch.index", "music-{yyyy}"),
            mapper("mapping.format", "cloudwatch-logs", "mapping.logs.parse-json", "true", "mapping.rename", "level:severity"),
            mapper("mapping.format", "text", "opensearch.index", "text-{yyyy.MM.dd}"),
            mapper("mapping.format", "auto", "mapping.records-pointer", "/records"));

    private static final List<byte[]> SEEDS = List.of(
            bytes("{\"id\":\"e-1\",\"a\":[7],\"r\":\"c\",\"v\":3,\"records\":[{\"time\":1767225599000,\"x\":1},"
                    + "{\"time\":\"2026-01-01T00:00:00Z\"}],\"price\":12.50,\"s\":\"\\u00e9\\n\"}"),
            bytes("id,amount,paid,at\no-1,12.50,true,2026-11-21T10:15:30Z\n\"o,2\",\"3\",FALSE,1763720130\n"),
            sample("dynamodb-insert.json"),
            sample("dynamodb-modify.json"),
            sample("dynamodb-remove.json"),
            gzip(sample("cloudwatch-logs-data.json")),
            gzip(sample("cloudwatch-logs-control.json")),
            bytes("GET /index.html 200\r\nPOST /cart 500\n"));

    private static final byte[] INTERESTING = bytes("{}[]\",:\\\n\r0-.eE+ \u00e9tnf{\"N\":\"S\":\"M\":\"L\":");

    @Test
    void randomAndMutatedRecordsGiveActionsOrMappingErrorsOnly() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        int mapped = 0;
        int refused = 0;
        for (int i = 0; i < TRIES; i++) {
            byte[] data = input(random);
            SourceRecord record = new SourceRecord(coordinates(random), data);
            for (RecordMapper mapper : MAPPERS) {
                try {
                    for (DocumentAction action : mapper.map(record)) {
                        checkSource(action, seed, data);
                    }
                    mapped++;
                } catch (MappingException e) {
                    if (e.reason().startsWith("unexpected ")) {
                        fail("seed " + seed + ": a bug surfaced as " + e.getMessage() + " for input "
                                + Arrays.toString(data), e);
                    }
                    refused++;
                } catch (RuntimeException e) {
                    fail("seed " + seed + ": " + e + " escaped map() for input " + Arrays.toString(data), e);
                }
                MappingResult result = mapper.mapEach(record);
                result.actions().forEach(action -> checkSource(action, seed, data));
            }
        }
        assertThat(mapped).as("records that mapped (seed %d)", seed).isPositive();
        assertThat(refused).as("records that were refused (seed %d)", seed).isPositive();
    }

    @Test
    void mutatedKplAggregatesDeaggregateOrFailWithAMappingError() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int i = 0; i < TRIES; i++) {
            List<KplAggregateEncoder.UserRecord> users = new ArrayList<>();
            for (int n = random.nextInt(5); n >= 0; n--) {
                users.add(new KplAggregateEncoder.UserRecord("k" + random.nextInt(3),
                        random.nextBoolean() ? null : String.valueOf(random.nextLong() & Long.MAX_VALUE),
                        input(random)));
            }
            byte[] aggregate = KplAggregateEncoder.encode(users);
            byte[] data = random.nextInt(4) == 0 ? aggregate : mutate(aggregate, random);
            try {
                List<SourceRecord> records = KplDeaggregator.deaggregate(new SourceRecord(coordinates(random), data));
                if (data == aggregate) {
                    assertThat(records).hasSameSizeAs(users);
                }
            } catch (MappingException e) {
                assertThat(e.reason()).startsWith("KPL aggregated record corrupt");
            } catch (RuntimeException e) {
                fail("seed " + seed + ": " + e + " escaped deaggregate() for input " + Arrays.toString(data), e);
            }
        }
    }

    private static void checkSource(DocumentAction action, long seed, byte[] data) {
        if (action.source() == null) {
            return;
        }
        try {
            JsonNode source = PLAIN.readTree(action.source());
            assertThat(source.isObject()).as("source of %s is an object", action).isTrue();
        } catch (java.io.IOException e) {
            fail("seed " + seed + ": the source of " + action + " is not JSON; input " + Arrays.toString(data), e);
        }
    }

    private static byte[] input(Random random) {
        byte[] seed = SEEDS.get(random.nextInt(SEEDS.size()));
        return switch (random.nextInt(6)) {
            case 0 -> randomBytes(random);
            case 1 -> bytes(randomJson(random, 0));
            case 2 -> seed.length > 2 && seed[0] == 0x1f ? gzip(mutate(inflated(seed), random)) : mutate(seed, random);
            default -> mutate(seed, random);
        };
    }

    private static byte[] inflated(byte[] gzipped) {
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzipped))) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] data = original.clone();
        for (int round = 1 + random.nextInt(4); round > 0; round--) {
            if (data.length == 0) {
                return randomBytes(random);
            }
            int at = random.nextInt(data.length);
            switch (random.nextInt(6)) {
                case 0 -> data[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> data[at] = INTERESTING[random.nextInt(INTERESTING.length)];
                case 2 -> data = Arrays.copyOf(data, at);
                case 3 -> { // delete a slice
                    int end = Math.min(data.length, at + 1 + random.nextInt(8));
                    byte[] shorter = new byte[data.length - (end - at)];
                    System.arraycopy(data, 0, shorter, 0, at);
                    System.arraycopy(data, end, shorter, at, data.length - end);
                    data = shorter;
                }
                case 4 -> { // duplicate a slice
                    int end = Math.min(data.length, at + 1 + random.nextInt(16));
                    byte[] longer = new byte[data.length + (end - at)];
                    System.arraycopy(data, 0, longer, 0, end);
                    System.arraycopy(data, at, longer, end, data.length - at);
                    data = longer;
                }
                default -> { // insert an interesting byte
                    byte[] longer = new byte[data.length + 1];
                    System.arraycopy(data, 0, longer, 0, at);
                    longer[at] = INTERESTING[random.nextInt(INTERESTING.length)];
                    System.arraycopy(data, at, longer, at + 1, data.length - at);
                    data = longer;
                }
            }
        }
        return data;
    }

    private static byte[] randomBytes(Random random) {
        byte[] data = new byte[random.nextInt(64)];
        random.nextBytes(data);
        return data;
    }

    private static String randomJson(Random random, int depth) {
        int kind = depth > 6 ? random.nextInt(5) : random.nextInt(8);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> random.nextBoolean() ? "true" : "false";
            case 2 -> List.of("0", "-0", "1e999999", "12.50", "123456789012345678901234567890", "-1.5E-400",
                    String.valueOf(random.nextLong()), String.valueOf(random.nextDouble() * 1e15)).get(random.nextInt(8));
            case 3 -> "\"" + List.of("", "id", "\\u0000", "\\ud800", "2026-11-21T10:15:30Z", "a|b\\\\", "\u00e9\u4e2d")
                    .get(random.nextInt(7)) + "\"";
            case 4 -> "\"" + Long.toString(random.nextLong(), 36) + "\"";
            case 5, 6 -> {
                StringBuilder object = new StringBuilder("{");
                for (int n = random.nextInt(5); n > 0; n--) {
                    String key = List.of("id", "a", "r", "v", "time", "records", "x", "eventName", "dynamodb", "Keys",
                            "NewImage", "S", "N", "M", "L").get(random.nextInt(15));
                    object.append('"').append(key).append("\":").append(randomJson(random, depth + 1));
                    object.append(n > 1 ? "," : "");
                }
                yield object.append('}').toString();
            }
            default -> {
                StringBuilder array = new StringBuilder("[");
                for (int n = random.nextInt(4); n > 0; n--) {
                    array.append(randomJson(random, depth + 1)).append(n > 1 ? "," : "");
                }
                yield array.append(']').toString();
            }
        };
    }

    private static RecordCoordinates coordinates(Random random) {
        return new RecordCoordinates("fuzz", "shardId-000000000000", String.valueOf(random.nextInt(1_000_000)),
                random.nextInt(3), random.nextBoolean() ? null : "pk", random.nextBoolean() ? null : Instant.ofEpochMilli(
                        random.nextLong() % 4_000_000_000_000L));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
