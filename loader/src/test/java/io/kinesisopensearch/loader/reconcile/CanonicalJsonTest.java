package io.kinesisopensearch.loader.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisopensearch.decode.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    private static Fingerprint of(String json) throws IOException {
        return CanonicalJson.fingerprint(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fieldOrderAndNumberNotationDoNotMatter() throws IOException {
        assertThat(of("{\"b\":{\"y\":[1,2],\"x\":3.10},\"a\":\"t\"}"))
                .isEqualTo(of("{\"a\":\"t\",\"b\":{\"x\":3.1,\"y\":[1.0,2e0]}}"));
        assertThat(of("{\"n\":0.00}")).isEqualTo(of("{\"n\":0}"));
        assertThat(of("{\"n\":1000}")).isEqualTo(of("{\"n\":1E+3}"));
        assertThat(CanonicalJson.canonical(Json.mapper().readTree("{\"b\":3.10,\"a\":[true,null]}")))
                .isEqualTo("{\"1:a\":[true,null],\"1:b\":3.1}");
    }

    @Test
    void valuesTypesArrayOrderAndFieldsDo() throws IOException {
        Fingerprint document = of("{\"a\":1,\"b\":[1,2]}");
        assertThat(of("{\"a\":\"1\",\"b\":[1,2]}")).as("a string is not a number").isNotEqualTo(document);
        assertThat(of("{\"a\":1,\"b\":[2,1]}")).as("array order").isNotEqualTo(document);
        assertThat(of("{\"a\":1,\"b\":[1,2],\"c\":null}")).as("a field more, even null").isNotEqualTo(document);
        assertThat(of("{\"a\":1.0000000000000000001,\"b\":[1,2]}")).as("numbers exactly").isNotEqualTo(document);
        // No escaping is needed to keep strings apart: a string is its length and bytes.
        assertThat(of("{\"a\":\"x\\\",\\\"y\"}")).isNotEqualTo(of("{\"a\":\"x\",\"y\":null}"));
    }
}
