package io.kinesisopensearch;

import com.fasterxml.jackson.databind.JsonNode;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.decode.Json;
import io.kinesisopensearch.mapping.DocumentAction;
import io.kinesisopensearch.mapping.RecordMapper;
import io.kinesisopensearch.record.RecordCoordinates;
import io.kinesisopensearch.record.SourceRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Records, samples and mappers for the tests. */
public final class Fixtures {

    public static final RecordCoordinates AT = new RecordCoordinates(
            "events", "shardId-000000000001", "49590338271490256608559692538361571095921575989136588898", 0,
            "key-1", Instant.parse("2026-11-21T10:15:30Z"));

    private Fixtures() {
    }

    public static SourceRecord record(String text) {
        return new SourceRecord(AT, text.getBytes(StandardCharsets.UTF_8));
    }

    public static SourceRecord record(byte[] data) {
        return new SourceRecord(AT, data);
    }

    /** A mapper for {@code settings} (alternating keys and values) writing to the index "events". */
    public static RecordMapper mapper(String... settings) {
        Map<String, String> values = new HashMap<>();
        values.put("opensearch.index", "events");
        for (int i = 0; i < settings.length; i += 2) {
            values.put(settings[i], settings[i + 1]);
        }
        return RecordMapper.from(Settings.of(values));
    }

    public static byte[] sample(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/samples/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The action's source as a tree, for comparisons that ignore field order. */
    public static JsonNode source(DocumentAction action) {
        return json(new String(action.source(), StandardCharsets.UTF_8));
    }

    public static String text(DocumentAction action) {
        return new String(action.source(), StandardCharsets.UTF_8);
    }
}
