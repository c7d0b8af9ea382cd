package io.kinesisopensearch.sink.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.json.stream.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;

class RawJsonTest {

    private final JacksonJsonpMapper mapper = new JacksonJsonpMapper(new ObjectMapper());

    @Test
    void theClientWritesTheSourceBytesExactlyAsMapped() {
        String source = "{\"name\":\"Zoë\",\"city\":\"東京\",\"n\":1.50,\"nested\":{\"a\":[1,2]}}";

        assertThat(serialize(new RawJson(source.getBytes(StandardCharsets.UTF_8)))).isEqualTo(source);
    }

    @Test
    void largeSourcesPastTheGeneratorBufferAreCopiedWhole() {
        String big = "{\"text\":\"" + "x".repeat(100_000) + "\"}";

        assertThat(serialize(new RawJson(big.getBytes(StandardCharsets.UTF_8)))).isEqualTo(big);
    }

    private String serialize(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = mapper.jsonProvider().createGenerator(out)) {
            mapper.serialize(value, generator);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
