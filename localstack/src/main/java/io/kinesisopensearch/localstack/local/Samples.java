package io.kinesisopensearch.localstack.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The CSV and CloudWatch Logs samples: a bookshop's catalogue export as CSV lines into a Kinesis
 * stream, and its web server's access log as CloudWatch Logs subscription payloads through Firehose.
 * (The DynamoDB sample is the table {@link BookTable} writes.)
 */
final class Samples {

    /** The CSV settings of the catalogue stream: each record starts with the header line. */
    static final String CSV_TYPES = "year:number,price:number";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CSV_HEADER = "isbn,author,bookTitle,year,price";
    private static final List<List<String>> CSV_RECORDS = List.of(
            List.of("9780307474278,Dan Brown,The Da Vinci Code,2003,9.99",
                    "9781416524793,Dan Brown,Angels & Demons,2000,8.99",
                    "9780804172264,Dan Brown,Inferno,2013,10.99",
                    "9780385514231,Dan Brown,Origin,2017,12.50"),
            List.of("9780156001311,Umberto Eco,The Name of the Rose,1980,11.00",
                    "9780062073488,Agatha Christie,Murder on the Orient Express,1934,7.99",
                    "9780547928227,J. R. R. Tolkien,The Hobbit,1937,10.49",
                    "9780141439471,Mary Shelley,Frankenstein,1818,6.99"),
            List.of("9780452284234,George Orwell,Nineteen Eighty-Four,1949,9.49",
                    "9780061120084,Harper Lee,To Kill a Mockingbird,1960,8.49",
                    "\"9780743273565\",F. Scott Fitzgerald,The Great Gatsby,1925,7.49",
                    "9780141182803,\"Hemingway, Ernest\",The Old Man and the Sea,1952,6.49"));

    private static final String[][] LOG_LINES = {
        {"GET /search?q=inferno 200 14ms", "GET /books/9780307474278 200 3ms",
            "POST /cart/add isbn=9780307474278 201 9ms", "GET /search?q=angels+and+demons 200 11ms"},
        {"GET /search?q=hobbit 200 8ms", "GET /books/9780547928227 200 2ms",
            "POST /checkout order=1042 500 31ms payment gateway timeout", "POST /checkout order=1042 200 44ms"},
        {"GET /search?q=orient+express 200 12ms", "GET /books/9780062073488 404 1ms not found in warehouse",
            "GET /search?q=frankenstein 200 10ms", "GET /health 200 1ms"},
    };

    private Samples() {
    }

    /** The catalogue export: records of CSV lines, each with its header. */
    static List<byte[]> csvRecords() {
        return CSV_RECORDS.stream()
                .map(lines -> (CSV_HEADER + "\n" + String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8))
                .toList();
    }

    /** How many books the catalogue export holds: one document each. */
    static int csvBooks() {
        return CSV_RECORDS.stream().mapToInt(List::size).sum();
    }

    /** The access log: gzip CloudWatch Logs payloads, one per batch of lines, and a control message first. */
    static List<byte[]> logPayloads() {
        List<byte[]> payloads = new java.util.ArrayList<>();
        ObjectNode control = JSON.createObjectNode().put("messageType", "CONTROL_MESSAGE").put("owner", "CloudwatchLogs")
                .put("logGroup", "").put("logStream", "");
        control.putArray("subscriptionFilters");
        control.putArray("logEvents").addObject().put("id", "").put("timestamp", 0)
                .put("message", "CWL CONTROL MESSAGE: Checking health of destination Firehose.");
        payloads.add(gzip(control));
        long time = Instant.parse("2026-11-21T09:00:00Z").toEpochMilli();
        for (int batch = 0; batch < LOG_LINES.length; batch++) {
            ObjectNode message = JSON.createObjectNode().put("messageType", "DATA_MESSAGE").put("owner", "123456789012")
                    .put("logGroup", "/bookshop/web").put("logStream", "web-" + batch);
            message.putArray("subscriptionFilters").add("to-firehose");
            ArrayNode events = message.putArray("logEvents");
            for (int line = 0; line < LOG_LINES[batch].length; line++) {
                long at = time + batch * 60_000L + line * 1_000L;
                events.addObject().put("id", String.format("%056d", at * 10 + line)).put("timestamp", at)
                        .put("message", LOG_LINES[batch][line]);
            }
            payloads.add(gzip(message));
        }
        return payloads;
    }

    /** How many log events the payloads hold: one document each (the control message makes none). */
    static int logEvents() {
        int events = 0;
        for (String[] lines : LOG_LINES) {
            events += lines.length;
        }
        return events;
    }

    private static byte[] gzip(ObjectNode message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            JSON.writeValue(gzip, message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
