package io.kinesisopensearch.decode;

import static io.kinesisopensearch.Fixtures.gzip;
import static io.kinesisopensearch.Fixtures.record;
import static io.kinesisopensearch.Fixtures.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisopensearch.record.MappingException;
import io.kinesisopensearch.record.SourceRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The streaming reading of CloudWatch Logs payloads against the tree reading it stands in for:
 * generated and mutated payloads (escapes, non-ASCII, lone surrogates, JSON messages, extra and
 * repeated fields, fields out of order, bad events, bad JSON) must give the same documents, byte for
 * byte, the same rejects and the same errors, with and without parsed messages and with documents
 * written by the decoder or from their fields. Seeded; a failure prints the seed for
 * {@code -Dfuzz.seed=N}.
 */
class CloudWatchLogsStreamTest {

    private static final int TRIES = Integer.getInteger("fuzz.tries", 2_000);

    private static final byte[] INTERESTING = "{}[]\",:\\0e.-\u00e9".getBytes(StandardCharsets.UTF_8);

    private static final List<String> MESSAGES = List.of("", "plain text", "tab\\tand newline\\n", "quote \\\" and \\\\",
            "\\u0000\\u001f\\u007f", "\u00e9\u4e2d", "\\u00e9", "\ud83d\ude00 emoji", "\\ud83d\\ude00", "lone \\ud800",
            "\\/slash", "{\\\"level\\\":\\\"ERROR\\\",\\\"message\\\":\\\"m\\\"}", " {\\\"a\\\":1.50} ", "{not json}",
            "{\\\"@timestamp\\\":\\\"x\\\",\\\"logGroup\\\":\\\"y\\\",\\\"owner\\\":2}", "{\\\"n\\\":1e999999999}",
            "{\\\"a\\\":[1,2]}x}", "[1]", "START RequestId: 8f4e2c1a Version: $LATEST\\n");

    @Test
    void theSampleIsReadByTheStreamingPath() throws Exception {
        byte[] json = sample("cloudwatch-logs-data.json");
        for (boolean parseJson : new boolean[] {false, true}) {
            CloudWatchLogsDecoder decoder = new CloudWatchLogsDecoder(parseJson, true);
            List<DecodedDocument> documents = new CloudWatchLogsStream(decoder).read(json);
            assertThat(documents).hasSize(2);
            assertThat(render(documents, List.of(), null))
                    .isEqualTo(tree(decoder, record(gzip(json)), json));
        }
    }

    @Test
    void streamingAndTreeReadingsGiveTheSameDocumentsRejectsAndErrors() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        int streamed = 0;
        int fellBack = 0;
        for (int i = 0; i < TRIES; i++) {
            byte[] json = payload(random).getBytes(StandardCharsets.UTF_8);
            if (random.nextInt(4) == 0) {
                json = mutate(json, random);
            }
            SourceRecord record = record(gzip(json));
            for (int mode = 0; mode < 4; mode++) {
                CloudWatchLogsDecoder decoder = new CloudWatchLogsDecoder(mode % 2 == 1, mode >= 2);
                List<DecodedDocument> fast = new CloudWatchLogsStream(decoder).read(json);
                String expected = tree(decoder, record, json);
                String through = recorded(decoder, record);
                assertThat(through).as("seed %d, mode %d, payload %s", seed, mode, text(json)).isEqualTo(expected);
                if (fast != null) {
                    streamed++;
                    assertThat(render(fast, List.of(), null)).as("seed %d, mode %d, payload %s", seed, mode, text(json))
                            .isEqualTo(expected);
                } else {
                    fellBack++;
                }
            }
        }
        assertThat(streamed).as("payloads read by the streaming path (seed %d)", seed).isGreaterThan(TRIES);
        assertThat(fellBack).as("payloads read as trees (seed %d)", seed).isGreaterThan(TRIES / 2);
    }

    private static String tree(CloudWatchLogsDecoder decoder, SourceRecord record, byte[] json) {
        Recorder recorder = new Recorder();
        try {
            decoder.decodeTree(record, json, recorder);
        } catch (MappingException e) {
            return render(recorder.documents, recorder.rejects, e.getMessage());
        }
        return render(recorder.documents, recorder.rejects, null);
    }

    private static String recorded(CloudWatchLogsDecoder decoder, SourceRecord record) {
        Recorder recorder = new Recorder();
        try {
            decoder.decode(record, recorder);
        } catch (MappingException e) {
            return render(recorder.documents, recorder.rejects, e.getMessage());
        }
        return render(recorder.documents, recorder.rejects, null);
    }

    // One line per document: part, id, time and its source as the mapping would send it.
    private static String render(List<DecodedDocument> documents, List<String> rejects, String error) {
        StringBuilder text = new StringBuilder();
        for (DecodedDocument document : documents) {
            byte[] source;
            try {
                source = document.json() != null ? document.json() : Json.write(document.fields());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            text.append(document.part()).append(' ').append(document.id()).append(' ').append(document.timestamp())
                    .append(' ').append(document.action()).append(' ').append(document.version()).append(' ')
                    .append(Arrays.toString(source)).append('\n');
        }
        rejects.forEach(reject -> text.append("reject ").append(reject).append('\n'));
        return error == null ? text.toString() : text.append("error ").append(error).toString();
    }

    private static String payload(Random random) {
        List<String> fields = new ArrayList<>();
        int kind = random.nextInt(20);
        fields.add("\"messageType\":" + (kind == 0 ? "\"CONTROL_MESSAGE\"" : kind == 1 ? "\"OTHER\"" : kind == 2 ? "7"
                : "\"DATA_MESSAGE\""));
        if (random.nextInt(8) != 0) {
            fields.add("\"owner\":" + (random.nextInt(10) == 0 ? "{\"a\":1.5}" : "\"1111\\u00e9" + random.nextInt(9) + "\""));
        }
        fields.add("\"logGroup\":\"/aws/lambda/" + MESSAGES.get(random.nextInt(MESSAGES.size())) + "\"");
        if (random.nextInt(15) != 0) {
            fields.add("\"logStream\":" + (random.nextInt(15) == 0 ? "null" : "\"2026/11/21/[$LATEST]\\u0041b\""));
        }
        if (random.nextBoolean()) {
            fields.add("\"subscriptionFilters\":[\"to-opensearch\",{\"x\":[1.25,-0,1e5]}]");
        }
        if (random.nextInt(20) == 0) {
            fields.add("\"extra\":1e999999999");
        }
        if (random.nextInt(12) == 0) {
            fields.add(fields.get(random.nextInt(fields.size()))); // a repeated field: the last one counts
        }
        StringBuilder events = new StringBuilder("\"logEvents\":[");
        for (int n = random.nextInt(6); n > 0; n--) {
            events.append(event(random)).append(n > 1 ? "," : "");
        }
        fields.add(random.nextInt(8) == 0 ? random.nextInt(fields.size()) : fields.size(),
                random.nextInt(40) == 0 ? "\"logEvents\":{}" : events.append(']').toString());
        return "{" + String.join(",", fields) + "}" + (random.nextInt(40) == 0 ? " {}" : "");
    }

    private static String event(Random random) {
        if (random.nextInt(40) == 0) {
            return random.nextBoolean() ? "\"not an event\"" : "[]";
        }
        List<String> fields = new ArrayList<>();
        int bad = random.nextInt(120);
        if (bad != 0) {
            fields.add("\"id\":" + (bad == 1 ? "\"\"" : bad == 2 ? "12" : "\"3195310660696698337880902507980421114328961542429822156"
                    + random.nextInt(10) + "\""));
        }
        if (bad != 3) {
            fields.add("\"timestamp\":" + switch (bad) {
                case 4 -> "\"soon\"";
                case 5 -> "1432826855000.5";
                case 6 -> "123456789012345678901234567890";
                case 7 -> String.valueOf(Long.MIN_VALUE);
                case 8 -> "253402300800000";
                case 11 -> List.of("0", "-1", "-62167219200001", "-62167219200000", "253402300799999", "1432826855000")
                        .get(random.nextInt(6));
                default -> String.valueOf(1_432_826_855_000L + random.nextInt(2_000_000));
            });
        }
        if (bad != 9) {
            fields.add("\"message\":" + (bad == 10 ? "{\"a\":1}" : "\"" + MESSAGES.get(random.nextInt(MESSAGES.size())) + "\""));
        }
        if (random.nextInt(6) == 0) {
            fields.add("\"extractedFields\":{\"ms\":\"12\",\"nested\":[{\"f\":2.50}]}");
        }
        if (random.nextInt(25) == 0) {
            fields.add(fields.get(random.nextInt(fields.size())));
        }
        java.util.Collections.shuffle(fields, random);
        return "{" + String.join(",", fields) + "}";
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] data = original.clone();
        int at = random.nextInt(data.length);
        switch (random.nextInt(3)) {
            case 0 -> data[at] = INTERESTING[random.nextInt(INTERESTING.length)];
            case 1 -> data = Arrays.copyOf(data, at);
            default -> data[at] ^= (byte) (1 << random.nextInt(8));
        }
        return data;
    }

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    private static final class Recorder implements DocumentSink {
        final List<DecodedDocument> documents = new ArrayList<>();
        final List<String> rejects = new ArrayList<>();

        @Override
        public void accept(DecodedDocument document) {
            documents.add(document);
        }

        @Override
        public void reject(int part, String reason) {
            rejects.add(part + " " + reason);
        }
    }
}
