package io.kinesisopensearch.bench;

import io.kinesisopensearch.decode.Gzip;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.mapping.DocumentAction;
import io.kinesisopensearch.mapping.MappingConfig;
import io.kinesisopensearch.mapping.MappingHooks;
import io.kinesisopensearch.mapping.RecordMapper;
import io.kinesisopensearch.record.RecordCoordinates;
import io.kinesisopensearch.record.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The records each benchmark maps, one batch per format, and the JSON a bare Jackson pipeline would
 * parse and write for the same data: the record bytes themselves for JSON and DynamoDB, the
 * inflated payload for CloudWatch Logs, and the mapped documents for CSV and text, which Jackson
 * cannot read.
 */
public enum Payloads {
    JSON(Map.of("mapping.id-pointer", "/orderId")),
    CSV(Map.of("mapping.format", "csv", "mapping.csv.types", "amount:number,quantity:number,paid:boolean")),
    DYNAMODB(Map.of("mapping.format", "dynamodb")),
    CLOUDWATCH_LOGS(Map.of("mapping.format", "cloudwatch-logs")),
    TEXT(Map.of("mapping.format", "text"));

    static final int RECORDS = 200;

    private final Map<String, String> settings;
    private List<SourceRecord> records;
    private List<byte[]> jacksonInput;

    Payloads(Map<String, String> settings) {
        this.settings = settings;
    }

    RecordMapper mapper() {
        return mapper(MappingHooks.NONE);
    }

    /** The format's mapper running {@code hooks}. */
    RecordMapper mapper(MappingHooks hooks) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("opensearch.index", "bench");
        return new RecordMapper(MappingConfig.from(Settings.of(all)).withHooks(hooks));
    }

    synchronized List<SourceRecord> records() {
        if (records == null) {
            records = generate(this);
        }
        return records;
    }

    /** What the Jackson baseline parses and writes for the same data. */
    synchronized List<byte[]> jacksonInput() {
        if (jacksonInput == null) {
            List<byte[]> input = new ArrayList<>();
            RecordMapper mapper = mapper();
            for (SourceRecord record : records()) {
                switch (this) {
                    case JSON, DYNAMODB -> input.add(record.data());
                    case CLOUDWATCH_LOGS -> input.add(record.data()); // gzip; the baseline inflates it
                    default -> {
                        try {
                            for (DocumentAction action : mapper.map(record)) {
                                input.add(action.source());
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            }
            jacksonInput = input;
        }
        return jacksonInput;
    }

    /** Bytes of record data per batch: what MB/s counts. */
    long batchBytes() {
        return records().stream().mapToLong(r -> r.data().length).sum();
    }

    private static List<SourceRecord> generate(Payloads format) {
        Random random = new Random(42);
        List<SourceRecord> batch = new ArrayList<>(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            RecordCoordinates at = new RecordCoordinates("bench", "shardId-000000000000",
                    String.format("%056d", i), 0, "key-" + i, Instant.parse("2026-11-21T10:15:30Z"));
            String text = switch (format) {
                case JSON -> order(random, i);
                case CSV -> csv(random, i);
                case DYNAMODB -> change(random, i);
                case CLOUDWATCH_LOGS -> null;
                case TEXT -> lines(random, i);
            };
            byte[] data = text != null ? text.getBytes(StandardCharsets.UTF_8) : gzip(logs(random, i));
            batch.add(new SourceRecord(at, data));
        }
        return batch;
    }

    private static String order(Random random, int i) {
        StringBuilder items = new StringBuilder();
        for (int n = 0; n < 1 + random.nextInt(4); n++) {
            items.append(n == 0 ? "" : ",").append(String.format(
                    "{\"sku\":\"SKU-%06d\",\"name\":\"Item %d with a longer descriptive name\",\"quantity\":%d,\"price\":%d.%02d}",
                    random.nextInt(1_000_000), n, 1 + random.nextInt(5), random.nextInt(500), random.nextInt(100)));
        }
        return String.format("{\"orderId\":\"order-%08d\",\"customer\":{\"id\":\"c-%d\",\"name\":\"Customer %d\","
                        + "\"email\":\"customer%d@example.com\",\"tier\":\"%s\"},\"status\":\"%s\",\"createdAt\":"
                        + "\"2026-11-21T10:%02d:%02d.%03dZ\",\"items\":[%s],\"total\":%d.%02d,\"paid\":%b,"
                        + "\"notes\":\"Leave at the door; ring twice \\u00e9\"}",
                i, i % 97, i % 97, i % 97, i % 3 == 0 ? "gold" : "standard", i % 2 == 0 ? "PLACED" : "SHIPPED",
                random.nextInt(60), random.nextInt(60), random.nextInt(1000), items, random.nextInt(2000),
                random.nextInt(100), random.nextBoolean());
    }

    private static String csv(Random random, int i) {
        StringBuilder lines = new StringBuilder("orderId,customer,sku,amount,quantity,paid,note\n");
        for (int n = 0; n < 10; n++) {
            lines.append(String.format("order-%08d,\"Customer %d, Inc.\",SKU-%06d,%d.%02d,%d,%b,\"said \"\"hi\"\"\"\n",
                    i * 10 + n, random.nextInt(1000), random.nextInt(1_000_000), random.nextInt(500), random.nextInt(100),
                    1 + random.nextInt(9), random.nextBoolean()));
        }
        return lines.toString();
    }

    private static String change(Random random, int i) {
        return String.format("{\"awsRegion\":\"us-west-2\",\"dynamodb\":{\"ApproximateCreationDateTime\":%d,"
                        + "\"Keys\":{\"Artist\":{\"S\":\"Artist %d\"},\"SongTitle\":{\"S\":\"Song %d\"}},"
                        + "\"NewImage\":{\"Artist\":{\"S\":\"Artist %d\"},\"SongTitle\":{\"S\":\"Song %d\"},"
                        + "\"AlbumTitle\":{\"S\":\"Album %d\"},\"Awards\":{\"N\":\"%d\"},\"Price\":{\"N\":\"%d.%02d\"},"
                        + "\"Genres\":{\"SS\":[\"Country\",\"Pop\"]},\"Label\":{\"M\":{\"Name\":{\"S\":\"Acme\"},"
                        + "\"Founded\":{\"N\":\"1970\"}}},\"Explicit\":{\"BOOL\":%b}},"
                        + "\"OldImage\":{\"Artist\":{\"S\":\"Artist %d\"},\"SongTitle\":{\"S\":\"Song %d\"},"
                        + "\"Awards\":{\"N\":\"0\"}},\"SizeBytes\":312},\"eventID\":\"%s\",\"eventName\":\"MODIFY\","
                        + "\"userIdentity\":null,\"recordFormat\":\"application/json\",\"tableName\":\"Music\","
                        + "\"eventSource\":\"aws:dynamodb\"}",
                1_763_720_130_000_000L + i * 1000L + random.nextInt(1000), i % 50, i, i % 50, i, i % 20, random.nextInt(10),
                random.nextInt(50), random.nextInt(100), random.nextBoolean(), i % 50, i, java.util.UUID.randomUUID());
    }

    private static String logs(Random random, int i) {
        StringBuilder events = new StringBuilder();
        for (int n = 0; n < 20; n++) {
            events.append(n == 0 ? "" : ",").append(String.format("{\"id\":\"3195310660696698337880902507980421114328961542429822%04d\","
                    + "\"timestamp\":%d,\"message\":\"2026-11-21T10:15:30.%03dZ\\t8f4e2c1a-%04d\\tINFO\\tcheckout step %d took %d ms for"
                    + " order-%08d\\n\"}", n, 1_763_720_130_000L + n, n, i, n, random.nextInt(900), i));
        }
        return String.format("{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"111111111111\",\"logGroup\":\"/aws/lambda/checkout\","
                + "\"logStream\":\"2026/11/21/[$LATEST]0123456789abcdef\",\"subscriptionFilters\":[\"to-opensearch\"],"
                + "\"logEvents\":[%s]}", events);
    }

    private static String lines(Random random, int i) {
        StringBuilder lines = new StringBuilder();
        for (int n = 0; n < 10; n++) {
            lines.append(String.format("10.0.%d.%d - - [21/Nov/2026:10:15:30 +0000] \"GET /shop/item/%d HTTP/1.1\" 200 %d \"-\""
                    + " \"Mozilla/5.0 (X11; Linux x86_64)\"\n", random.nextInt(255), random.nextInt(255), i * 10 + n,
                    random.nextInt(50_000)));
        }
        return lines.toString();
    }

    private static byte[] gzip(String text) {
        return Gzip.compress(text);
    }

    /** Checks that every record of every batch maps, so the benchmark measures success, not errors. */
    public static void main(String[] args) throws Exception {
        for (Payloads format : values()) {
            RecordMapper mapper = format.mapper();
            int actions = 0;
            for (SourceRecord record : format.records()) {
                actions += mapper.map(record).size();
            }
            System.out.printf("%s: %d records, %d bytes, %d actions, %d Jackson inputs%n", format, RECORDS,
                    format.batchBytes(), actions, format.jacksonInput().size());
        }
    }
}
