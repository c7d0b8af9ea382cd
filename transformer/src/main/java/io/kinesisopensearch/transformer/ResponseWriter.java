package io.kinesisopensearch.transformer;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonGenerator;
import io.kinesisopensearch.decode.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * Writes the response Firehose expects: {@code {"records":[{"recordId":…,"result":…,"data":…}]}}
 * with standard base64 data, in exactly the form {@link ResponseBudget} sizes.
 */
final class ResponseWriter {

    private ResponseWriter() {
    }

    static byte[] write(List<Answer> answers, int sizeHint) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint);
        try (JsonGenerator json = Json.FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeArrayFieldStart("records");
            for (Answer answer : answers) {
                json.writeStartObject();
                json.writeStringField("recordId", answer.recordId());
                json.writeStringField("result", answer.result().wireName());
                if (answer.data() != null) {
                    json.writeFieldName("data");
                    json.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, answer.data(), 0, answer.data().length);
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        return out.toByteArray();
    }
}
