package io.kinesisopensearch.loader.reindex;

import io.kinesisopensearch.config.SourceType;
import io.kinesisopensearch.loader.reconcile.TableScan;
import io.kinesisopensearch.mapping.RecordMapper;
import io.kinesisopensearch.record.RecordCoordinates;
import io.kinesisopensearch.record.SourceRecord;
import io.kinesisopensearch.sink.OpenSearchSink;
import io.kinesisopensearch.sink.batch.RecordBatch;
import io.kinesisopensearch.sink.bulk.WriteCounters;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The backfill of the next index from a DynamoDB table: the reconcile's parallel scan, each item as
 * the change record of an INSERT at the time its page was read, through the pipelines' mapping into
 * the next index. That time is its version, of the kind the live pipeline's changes carry
 * ({@code load.dynamodb.live-source}): a change made after the read (whose copy the writers send)
 * outranks it, one made before loses to it. One batch per segment, written through the sink.
 */
final class TableBackfill {

    /** What the backfill did: items read, documents written, refused as older, dead letters. */
    record Counts(long read, long written, long stale, long deadLetters) {
    }

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final SourceType liveSource;
    private final int segments;
    private final RecordMapper mapper;
    private final OpenSearchSink sink;
    private final Reindex.Observer observer;

    /** @param mapper the dynamodb mapping, writing to the next index */
    TableBackfill(DynamoDbClient dynamoDb, String table, SourceType liveSource, int segments, RecordMapper mapper,
            OpenSearchSink sink, Reindex.Observer observer) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.liveSource = liveSource;
        this.segments = segments;
        this.mapper = mapper;
        this.sink = sink;
        this.observer = observer;
    }

    Counts run() throws IOException, InterruptedException {
        WriteCounters.Snapshot before = sink.counters().snapshot();
        RecordBatch[] batches = new RecordBatch[segments];
        for (int segment = 0; segment < segments; segment++) {
            batches[segment] = sink.newBatch();
        }
        AtomicLong read = new AtomicLong();
        new TableScan(dynamoDb, table, liveSource, segments).read((segment, item, change) -> {
            long position = read.incrementAndGet();
            sink.add(batches[segment], new SourceRecord(new RecordCoordinates(table, "scan-" + segment,
                    Long.toString(position), 0, null, null), change), mapper);
            if (batches[segment].isFull()) {
                sink.flush(batches[segment]);
                batches[segment] = sink.newBatch();
                observer.copied(read.get());
            }
        });
        for (RecordBatch batch : batches) {
            sink.flush(batch);
        }
        observer.copied(read.get());
        WriteCounters.Snapshot after = sink.counters().snapshot();
        return new Counts(read.get(), after.actionsAcknowledged() - before.actionsAcknowledged(),
                after.staleVersions() - before.staleVersions(), after.deadLetters() - before.deadLetters());
    }
}
