package io.kinesisopensearch.loader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.config.SourceType;
import io.kinesisopensearch.decode.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Turns the {@code {"Item":{...}}} lines of an export into the change records the {@code dynamodb}
 * format reads, INSERTs with Keys and NewImage, so that an exported item gets the id and document
 * the live pipeline gives it, and a version that orders it against the live changes: the export
 * shows the table at its export time, so it must lose to a change made after that time and win
 * over one made before.
 *
 * <ul>
 * <li>Beside DynamoDB Streams read directly ({@code source.type=dynamodb-streams}) a change's
 * version is {@code second * 10^9 + sequence number mod 10^9}. The export is given the sequence
 * number 0 in the export time's second: below every change of a later second, and of that second
 * too, and above every change of an earlier second.</li>
 * <li>Beside Kinesis Data Streams for DynamoDB a change's version is its time in microseconds; the
 * export's is the export time in microseconds.</li>
 * </ul>
 * A change of the export's own second (or microsecond) may thus win over the export though it
 * came before: harmless, since the export shows that change or a later one, which the stream
 * delivers too.
 */
public final class ExportItems {

    private final List<String> keys;
    private final JsonNode creationTime;
    private final boolean withSequence;

    /**
     * @param keys       the table's key attribute names
     * @param exportTime the time the items show the table at
     * @param liveSource the pipeline whose versions the items' must compare with
     */
    public ExportItems(List<String> keys, Instant exportTime, SourceType liveSource) {
        this.keys = List.copyOf(keys);
        this.withSequence = liveSource == SourceType.DYNAMODB_STREAMS;
        this.creationTime = withSequence
                ? Json.nodes().numberNode(exportTime.getEpochSecond())
                : Json.nodes().numberNode(ChronoUnit.MICROS.between(Instant.EPOCH, exportTime));
    }

    /**
     * The change record for one line of a data file; a line that is no item is returned as it is,
     * for the mapping to refuse it and the dead letters to keep it.
     */
    public byte[] change(String line) {
        JsonNode item;
        try {
            item = Json.mapper().readTree(line).path("Item");
        } catch (IOException e) {
            return line.getBytes(StandardCharsets.UTF_8);
        }
        if (!item.isObject()) {
            return line.getBytes(StandardCharsets.UTF_8);
        }
        return change((ObjectNode) item);
    }

    /** The change record (an INSERT at this time) for {@code item}, in DynamoDB JSON. */
    public byte[] change(ObjectNode item) {
        ObjectNode change = Json.nodes().objectNode();
        change.put("eventName", "INSERT");
        change.put("eventSource", "aws:dynamodb");
        ObjectNode dynamodb = change.putObject("dynamodb");
        dynamodb.set("ApproximateCreationDateTime", creationTime);
        if (withSequence) {
            dynamodb.put("SequenceNumber", "0");
        }
        // An item without its key attributes gets empty Keys, which the mapping refuses by name.
        ObjectNode keyValues = dynamodb.putObject("Keys");
        for (String key : keys) {
            if (item.has(key)) {
                keyValues.set(key, item.get(key));
            }
        }
        if (keyValues.size() != keys.size()) {
            dynamodb.remove("Keys");
        }
        dynamodb.set("NewImage", item);
        try {
            return Json.mapper().writeValueAsBytes(change);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree that cannot be written", e);
        }
    }
}
