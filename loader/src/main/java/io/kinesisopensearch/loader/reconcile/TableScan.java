package io.kinesisopensearch.loader.reconcile;

import io.kinesisopensearch.config.SourceType;
import io.kinesisopensearch.loader.ExportItems;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * A DynamoDB table read whole, in parallel segments, each item with the change record a stream
 * would carry for it (an INSERT at the time its page was read, {@link ExportItems}): what the
 * reconcile compares, and what a reindex backfills a new index from.
 */
public final class TableScan {

    /**
     * Items a Scan page holds at most: DynamoDB's own limit is 1 MB, several thousand small items,
     * which as the SDK's attribute values take several times that in the heap, for each segment.
     */
    static final int PAGE = 1_000;

    /** Told of each item, from one thread per segment. */
    public interface Items {
        /**
         * One item.
         *
         * @param segment the segment that read it, 0 to segments - 1
         * @param item    the item
         * @param change  its change record, DynamoDB JSON as the {@code dynamodb} format reads it
         * @throws IOException when it cannot be kept
         * @throws InterruptedException when the thread is interrupted
         */
        void item(int segment, Map<String, AttributeValue> item, byte[] change) throws IOException, InterruptedException;
    }

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final List<String> keys;
    private final TableDescription description;
    private final SourceType liveSource;
    private final int segments;

    /**
     * Describes the table.
     *
     * @param dynamoDb   the client
     * @param table      the table
     * @param liveSource the pipeline whose versions the items' must compare with
     * @param segments   how many segments are scanned at once
     */
    public TableScan(DynamoDbClient dynamoDb, String table, SourceType liveSource, int segments) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.liveSource = liveSource;
        this.segments = segments;
        this.description = dynamoDb.describeTable(describe -> describe.tableName(table)).table();
        this.keys = description.keySchema().stream()
                .sorted((a, b) -> a.keyType() == KeyType.HASH ? -1 : b.keyType() == KeyType.HASH ? 1 : 0)
                .map(key -> key.attributeName()).toList();
    }

    /** The key attributes, partition key first. */
    List<String> keys() {
        return keys;
    }

    TableDescription description() {
        return description;
    }

    /**
     * Reads every item, each segment in a thread of its own.
     *
     * @param items told of each item
     * @throws IOException          when {@code items} could not keep one
     * @throws InterruptedException when the thread is interrupted
     */
    public void read(Items items) throws IOException, InterruptedException {
        ExecutorService threads = Executors.newFixedThreadPool(segments, runnable -> {
            Thread thread = new Thread(runnable, "table-scan");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> scans = new ArrayList<>();
            for (int segment = 0; segment < segments; segment++) {
                int mine = segment;
                scans.add(threads.submit(() -> {
                    scan(mine, items);
                    return null;
                }));
            }
            for (Future<?> scan : scans) {
                try {
                    scan.get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof IOException io) {
                        throw io;
                    }
                    if (cause instanceof InterruptedException interrupted) {
                        throw interrupted;
                    }
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IllegalStateException("a scan segment failed", cause);
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private void scan(int segment, Items items) throws IOException, InterruptedException {
        for (var page : dynamoDb.scanPaginator(scan -> scan.tableName(table).segment(segment).totalSegments(segments)
                .limit(PAGE))) {
            ExportItems changes = new ExportItems(keys, Instant.now(), liveSource);
            for (Map<String, AttributeValue> item : page.items()) {
                items.item(segment, item, changes.change(DynamoDbItems.json(item)));
            }
        }
    }
}
