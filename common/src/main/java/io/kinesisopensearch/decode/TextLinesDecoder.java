package io.kinesisopensearch.decode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.record.MappingException;
import io.kinesisopensearch.record.SourceRecord;
import java.time.Instant;

/**
 * Plain text: each non-blank line becomes {@code {"message": line, "@timestamp": arrival time}}.
 * The arrival time is the record's; a record without one gives documents without {@code @timestamp}.
 */
public final class TextLinesDecoder implements PayloadDecoder {

    @Override
    public void decode(SourceRecord record, DocumentSink sink) throws MappingException {
        String text = Utf8.decode(record);
        Instant arrival = record.coordinates().arrivalTime();
        String timestamp = arrival == null ? null : Timestamps.format(arrival);
        int part = 0;
        int start = 0;
        while (start < text.length()) {
            int newline = text.indexOf('\n', start);
            int end = newline < 0 ? text.length() : newline;
            int stop = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
            String line = text.substring(start, stop);
            if (!line.isBlank()) {
                ObjectNode document = Json.nodes().objectNode();
                document.put("message", line);
                if (timestamp != null) {
                    document.put("@timestamp", timestamp);
                }
                sink.accept(new DecodedDocument(part++, document, null, null, null, null, arrival));
            }
            start = end + 1;
        }
    }
}
