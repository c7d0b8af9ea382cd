package io.kinesisopensearch.transformer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.kinesisopensearch.decode.Json;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads a Firehose transformation event from the stream Lambda hands over, token by token: no
 * tree and no POJO binding, the base64 data decoded once straight into the record's bytes. A record
 * whose data is not base64 is kept, with the reason, to be answered {@code ProcessingFailed}; an
 * event that is not an event at all is an {@link IOException}, which fails the invocation.
 */
final class FirehoseEventReader {

    private FirehoseEventReader() {
    }

    static FirehoseEvent read(InputStream input) throws IOException {
        try (JsonParser parser = Json.FACTORY.createParser(input)) {
            expect(parser, parser.nextToken(), JsonToken.START_OBJECT, "the event");
            String invocationId = null;
            String deliveryStreamArn = null;
            String sourceArn = null;
            String region = null;
            List<FirehoseEvent.Record> records = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "invocationId" -> invocationId = text(parser, value);
                    case "deliveryStreamArn" -> deliveryStreamArn = text(parser, value);
                    case "sourceKinesisStreamArn" -> sourceArn = text(parser, value);
                    case "region" -> region = text(parser, value);
                    case "records" -> records = records(parser, value);
                    default -> parser.skipChildren();
                }
            }
            if (records == null) {
                throw new IOException("not a Firehose transformation event: no records array");
            }
            return new FirehoseEvent(invocationId, deliveryStreamArn, sourceArn, region, records);
        }
    }

    private static List<FirehoseEvent.Record> records(JsonParser parser, JsonToken token) throws IOException {
        expect(parser, token, JsonToken.START_ARRAY, "records");
        List<FirehoseEvent.Record> records = new ArrayList<>();
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            expect(parser, token, JsonToken.START_OBJECT, "a record");
            records.add(record(parser));
        }
        return records;
    }

    private static FirehoseEvent.Record record(JsonParser parser) throws IOException {
        String recordId = null;
        Instant arrival = null;
        byte[] data = null;
        String dataError = "the record has no data";
        FirehoseEvent.KinesisMetadata kinesis = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "recordId" -> recordId = text(parser, value);
                case "approximateArrivalTimestamp" -> arrival = millis(parser, value);
                case "kinesisRecordMetadata" -> kinesis = kinesis(parser, value);
                case "data" -> {
                    if (value != JsonToken.VALUE_STRING) {
                        dataError = "data is " + value + ", not a base64 string";
                        parser.skipChildren();
                    } else {
                        try {
                            data = Base64.getDecoder().decode(parser.getText());
                            dataError = null;
                        } catch (IllegalArgumentException e) {
                            dataError = "data is not base64: " + e.getMessage();
                        }
                    }
                }
                default -> parser.skipChildren();
            }
        }
        if (recordId == null) {
            // Firehose cannot be answered about a record without an id: the event itself is broken.
            throw new IOException("a record without a recordId at " + parser.currentLocation());
        }
        return new FirehoseEvent.Record(recordId, arrival, data, dataError, kinesis);
    }

    private static FirehoseEvent.KinesisMetadata kinesis(JsonParser parser, JsonToken token) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return null;
        }
        String shardId = null;
        String sequenceNumber = null;
        long subsequence = 0;
        String partitionKey = null;
        Instant arrival = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "shardId" -> shardId = text(parser, value);
                case "sequenceNumber" -> sequenceNumber = text(parser, value);
                case "partitionKey" -> partitionKey = text(parser, value);
                case "approximateArrivalTimestamp" -> arrival = millis(parser, value);
                case "subsequenceNumber" -> subsequence = wholeNumber(parser, value);
                default -> parser.skipChildren();
            }
        }
        return new FirehoseEvent.KinesisMetadata(shardId, sequenceNumber, subsequence, partitionKey, arrival);
    }

    /** Text, or the text of a number (sequence numbers have been seen both ways); null otherwise. */
    private static String text(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_STRING || token == JsonToken.VALUE_NUMBER_INT) {
            return parser.getText();
        }
        parser.skipChildren();
        return null;
    }

    /** Epoch milliseconds as Firehose sends them; anything else is no time rather than an error. */
    private static Instant millis(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return Instant.ofEpochMilli(parser.getLongValue());
        }
        if (token == JsonToken.VALUE_NUMBER_FLOAT) {
            return Instant.ofEpochMilli((long) parser.getDoubleValue());
        }
        parser.skipChildren();
        return null;
    }

    /** A sub-sequence number, sent as a number or as a string; 0 when absent or blank. */
    private static long wholeNumber(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return parser.getLongValue();
        }
        if (token == JsonToken.VALUE_STRING && !parser.getText().isBlank()) {
            try {
                return Long.parseLong(parser.getText().trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        parser.skipChildren();
        return 0;
    }

    private static void expect(JsonParser parser, JsonToken actual, JsonToken expected, String what) throws IOException {
        if (actual != expected) {
            throw new IOException("not a Firehose transformation event: " + what + " is " + actual + " at "
                    + parser.currentLocation());
        }
    }
}
