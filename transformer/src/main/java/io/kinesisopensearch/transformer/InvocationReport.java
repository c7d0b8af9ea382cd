package io.kinesisopensearch.transformer;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * What one invocation did, counted as it goes and logged at its end: one summary line, one line
 * for everything Firehose could not do (deletes, chosen ids, ...) when there was any, and one line
 * per {@code ProcessingFailed} record with its reason (Firehose's error output keeps the record but
 * not why). Also returned to tests and benchmarks. Not thread-safe: one per invocation.
 */
public final class InvocationReport {

    private final String invocationId;
    private int records;
    private int ok;
    private int dropped;
    private int failed;
    private int withoutDocuments;
    private int piecesReturned;
    private int deletesDropped;
    private int chosenIdsDropped;
    private int chosenIdsReplaced;
    private int upsertsIndexed;
    private int versionsIgnored;
    private int routingIgnored;
    private int documents;
    private int piecesPut;
    private int piecesRefused;
    private int putCalls;
    private int putRetries;
    private int overflowRecords;
    private long responseBytes;
    private final List<String> failures = new ArrayList<>();

    InvocationReport(String invocationId) {
        this.invocationId = invocationId;
    }

    void answered(Result result) {
        records++;
        switch (result) {
            case OK -> ok++;
            case DROPPED -> dropped++;
            case PROCESSING_FAILED -> failed++;
        }
    }

    void failure(String recordId, String reason) {
        failures.add("recordId " + recordId + ": " + reason);
    }

    void recordWithoutDocuments() {
        withoutDocuments++;
    }

    void piecesReturned() {
        piecesReturned++;
    }

    void deleteDropped() {
        deletesDropped++;
    }

    void chosenIdDropped() {
        chosenIdsDropped++;
    }

    void chosenIdReplaced() {
        chosenIdsReplaced++;
    }

    void upsertIndexed() {
        upsertsIndexed++;
    }

    void versionIgnored() {
        versionsIgnored++;
    }

    void routingIgnored() {
        routingIgnored++;
    }

    void documents(int count) {
        documents += count;
    }

    void overflow() {
        overflowRecords++;
    }

    void reingested(int put, int refused, int calls, int retries) {
        piecesPut += put;
        piecesRefused += refused;
        putCalls += calls;
        putRetries += retries;
    }

    void responseBytes(long bytes) {
        responseBytes = bytes;
    }

    public int records() {
        return records;
    }

    public int ok() {
        return ok;
    }

    public int dropped() {
        return dropped;
    }

    public int processingFailed() {
        return failed;
    }

    /** Documents delivered or put back: what OpenSearch will eventually hold from this invocation. */
    public int documents() {
        return documents;
    }

    /** Pieces accepted by PutRecordBatch. */
    public int piecesPut() {
        return piecesPut;
    }

    /** Records answered with all their documents put back because the response was full. */
    public int overflowRecords() {
        return overflowRecords;
    }

    /** Deletes, which Firehose cannot apply, dropped. */
    public int deletesDropped() {
        return deletesDropped;
    }

    /** Documents whose chosen id Firehose replaced with its own. */
    public int chosenIdsReplaced() {
        return chosenIdsReplaced;
    }

    /** Documents dropped because their chosen id cannot be kept ({@code firehose.chosen-ids=drop}). */
    public int chosenIdsDropped() {
        return chosenIdsDropped;
    }

    public long responseBytes() {
        return responseBytes;
    }

    /** The one-line reasons of the {@code ProcessingFailed} records. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    void log(Logger log, ChosenIdPolicy chosenIds) {
        log.info("Invocation {}: {} records: {} Ok, {} Dropped ({} without documents, {} put back whole), {} "
                        + "ProcessingFailed; {} documents; {} pieces put back in {} PutRecordBatch calls ({} retries, {} "
                        + "refused), {} returning pieces answered; response {} bytes",
                invocationId, records, ok, dropped, withoutDocuments, overflowRecords, failed, documents, piecesPut,
                putCalls, putRetries, piecesRefused, piecesReturned, responseBytes);
        if (deletesDropped + chosenIdsDropped + chosenIdsReplaced + upsertsIndexed + versionsIgnored + routingIgnored > 0) {
            log.warn("Invocation {}: Firehose's OpenSearch destination only indexes, with ids it makes: {} deletes dropped,"
                            + " {} documents with a chosen id {} (firehose.chosen-ids={}), {} upserts indexed as whole"
                            + " documents, {} external versions and {} routing values ignored",
                    invocationId, deletesDropped, chosenIds == ChosenIdPolicy.DROP ? chosenIdsDropped : chosenIdsReplaced,
                    chosenIds == ChosenIdPolicy.DROP ? "dropped" : "indexed with Firehose's id instead",
                    chosenIds, upsertsIndexed, versionsIgnored, routingIgnored);
        }
        for (String failure : failures) {
            log.warn("Invocation {}: ProcessingFailed {}", invocationId, failure);
        }
    }
}
