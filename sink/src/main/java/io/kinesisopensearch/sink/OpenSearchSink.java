package io.kinesisopensearch.sink;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.mapping.RecordMapper;
import io.kinesisopensearch.mapping.RetryLaterException;
import io.kinesisopensearch.record.SourceRecord;
import io.kinesisopensearch.sink.aws.AwsClientConfig;
import io.kinesisopensearch.sink.batch.BatchFlusher;
import io.kinesisopensearch.sink.batch.Ledger;
import io.kinesisopensearch.sink.batch.RecordBatch;
import io.kinesisopensearch.sink.bulk.BulkConfig;
import io.kinesisopensearch.sink.bulk.BulkWriter;
import io.kinesisopensearch.sink.bulk.ConcurrencyLimiter;
import io.kinesisopensearch.sink.bulk.Deadline;
import io.kinesisopensearch.sink.bulk.MatchingDeletes;
import io.kinesisopensearch.sink.bulk.DualWrites;
import io.kinesisopensearch.sink.bulk.OutOfTimeException;
import io.kinesisopensearch.sink.bulk.WriteCounters;
import io.kinesisopensearch.sink.client.OpenSearchClients;
import io.kinesisopensearch.sink.client.OpenSearchConfig;
import io.kinesisopensearch.sink.deadletter.DeadLetter;
import io.kinesisopensearch.sink.deadletter.DeadLetterConfig;
import io.kinesisopensearch.sink.deadletter.DeadLetterSink;
import io.kinesisopensearch.sink.deadletter.DeadLetterSinks;
import io.kinesisopensearch.sink.index.IndexBootstrap;
import io.kinesisopensearch.sink.index.IndexBootstrapConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where records go once mapped: OpenSearch, or with their reason the dead letters. The one place
 * that wires the OpenSearch client, the bulk concurrency limit, the write counters, the bulk writer
 * and the dead-letter destination; the worker, the Lambda handlers, the loader and the replay each
 * build one and share it between their shards or objects. Thread-safe.
 *
 * <p>What it promises: once {@link #flush} returned for a batch, every record of it is in
 * OpenSearch (or superseded there by a newer version) or in the dead letters with its reason, so
 * whatever follows the batch (a checkpoint, a Lambda answer, an object recorded as loaded) may move
 * past it; and each record has one outcome in the batch's {@link Ledger}, which its owner checks
 * with {@link #check}. Outages, throttling and refusals an operator must fix (blocks, a closed index,
 * credentials) are retried and held, never dead-lettered.
 *
 * <pre>{@code
 * try (OpenSearchSink sink = OpenSearchSink.fromSettings(Settings.fromEnvironment())) {
 *     Ledger ledger = new Ledger("orders", "shardId-000000000000");
 *     RecordBatch batch = sink.newBatch(ledger);
 *     sink.add(batch, record, mapper);
 *     sink.flush(batch);
 *     sink.check(ledger, 0);
 * }
 * }</pre>
 */
public final class OpenSearchSink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpenSearchSink.class);

    private final OpenSearchClient client;
    private final boolean ownsClient;
    private final String destination;
    private final BulkConfig bulk;
    private final WriteCounters counters;
    private final BulkWriter writer;
    private final DeadLetterSink deadLetters;
    private final boolean ownsDeadLetters;
    private final BatchFlusher flusher;
    private final MatchingDeletes deletes;
    private final DualWrites dualWrites;

    private OpenSearchSink(Builder builder, OpenSearchClient client, DeadLetterSink deadLetters) {
        this.client = client;
        this.ownsClient = builder.client == null;
        this.destination = builder.openSearch != null ? builder.openSearch.url().toString() : "OpenSearch";
        this.bulk = builder.bulk;
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(bulk.maxConcurrency());
        this.counters = new WriteCounters(limiter);
        this.dualWrites = new DualWrites(client, bulk.retry());
        this.writer = new BulkWriter(client, bulk, limiter, counters, "OpenSearch at " + destination, dualWrites);
        this.deadLetters = deadLetters;
        this.ownsDeadLetters = builder.deadLetterSink == null;
        this.flusher = new BatchFlusher(writer, deadLetters, bulk.retry(), counters);
        this.deletes = new MatchingDeletes(client, writer, bulk.retry(), counters);
    }

    /**
     * A sink as the settings describe it: {@code opensearch.*}, {@code bulk.*}, {@code deadletter.uri}
     * and {@code aws.*}. The sink owns its client and dead-letter destination and closes them.
     *
     * @param settings the settings; {@code opensearch.url} is required
     * @return the sink
     * @throws io.kinesisopensearch.config.ConfigException naming the first missing or invalid setting
     */
    public static OpenSearchSink fromSettings(Settings settings) {
        return builder().settings(settings).build();
    }

    /**
     * A sink built in code; anything not given is read from the settings given, else the defaults.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * An empty batch with this sink's limits.
     *
     * @return a batch full at {@code bulk.max-actions} or {@code bulk.max-bytes}, due after {@code bulk.max-wait}
     */
    public RecordBatch newBatch() {
        return new RecordBatch(bulk);
    }

    /**
     * An empty batch with this sink's limits whose records are counted in {@code ledger}.
     *
     * @param ledger the account its owner (a shard, an invocation, an object) keeps across batches
     * @return the batch
     */
    public RecordBatch newBatch(Ledger ledger) {
        return new RecordBatch(bulk, ledger);
    }

    /**
     * Drops {@code batch} unwritten, for its records to be read again by the shard's next owner (the
     * lease was lost): they are counted as released.
     *
     * @param batch the records dropped
     * @return how many there were
     */
    public int release(RecordBatch batch) {
        return flusher.release(batch);
    }

    /**
     * Checks that {@code ledger} adds up with {@code pending} records held by its owner (its batch and
     * any flush in progress): received = acknowledged + stale + coalesced + dead-lettered + released +
     * pending. A break is logged as an ERROR naming the stream, shard and numbers, and counted in
     * {@link WriteCounters.Snapshot#ledgerBreaks()}. Call it after each flush.
     *
     * @param ledger  the account to check
     * @param pending records its owner holds, not yet settled
     * @return the account at this moment
     */
    public Ledger.Account check(Ledger ledger, long pending) {
        return flusher.check(ledger, pending);
    }

    /**
     * Flushes {@code batch}, retrying until it is done: every record is then in OpenSearch or in the
     * dead letters. The batch itself is left as it was; take a {@linkplain #newBatch() new one}.
     *
     * @param batch the records to write
     * @return the dead letters stored, one per record refused by the mapping or by OpenSearch
     * @throws InterruptedException when the thread is interrupted while it waits; no record of the
     *                              batch may then be taken as written
     */
    public List<DeadLetter> flush(RecordBatch batch) throws InterruptedException {
        return flusher.flush(batch);
    }

    /**
     * Flushes {@code batch}, giving up when retries would pass {@code deadline}.
     *
     * @param batch    the records to write
     * @param deadline when to stop retrying; {@link Deadline#NONE} never does
     * @return the dead letters stored, one per record refused by the mapping or by OpenSearch
     * @throws InterruptedException when the thread is interrupted while it waits; no record of the
     *                              batch may then be taken as written
     * @throws OutOfTimeException when the deadline came first: no record of the batch may be taken as written
     */
    public List<DeadLetter> flush(RecordBatch batch, Deadline deadline) throws InterruptedException, OutOfTimeException {
        return flusher.flush(batch, deadline);
    }

    /**
     * Maps {@code record} into {@code batch} and counts it as received, and its bad parts as mapping
     * errors: the way every path adds a record, so that the counters account for each. Never
     * throws for a bad record: its failed parts make it a dead letter at the flush. A hook that
     * asks to retry later ({@link RetryLaterException}: a throttled service) is retried with the
     * bulk backoff until it maps, as a bulk request answered 429 is: the record is never a dead
     * letter for it.
     *
     * @param batch  the batch to add to
     * @param record the record
     * @param mapper the mapping
     * @throws IllegalStateException when interrupted while holding such a record (the interrupt is kept)
     */
    public void add(RecordBatch batch, SourceRecord record, RecordMapper mapper) {
        try {
            add(batch, record, mapper, Deadline.NONE);
        } catch (OutOfTimeException e) {
            throw new IllegalStateException("a mapping without deadline ran out of time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while holding " + record.coordinates()
                    + ", whose mapping hook asked to retry later", e);
        }
    }

    /**
     * As {@link #add(RecordBatch, SourceRecord, RecordMapper)}, but retrying a hook that asks to
     * retry later only until {@code deadline}.
     *
     * @param batch    the batch to add to
     * @param record   the record
     * @param mapper   the mapping
     * @param deadline when to stop retrying such a hook; {@link Deadline#NONE} for never
     * @throws InterruptedException when interrupted while holding such a record: the record is not in the batch
     * @throws OutOfTimeException   when the deadline came first: the record is not in the batch
     */
    public void add(RecordBatch batch, SourceRecord record, RecordMapper mapper, Deadline deadline)
            throws InterruptedException, OutOfTimeException {
        counters.recordsReceived(1);
        for (int attempt = 0; ; attempt++) {
            int failedParts;
            try {
                failedParts = batch.map(record, mapper);
            } catch (RetryLaterException e) {
                Duration delay = bulk.retry().delay(attempt);
                if (!deadline.allows(delay)) {
                    throw new OutOfTimeException("mapping of " + record.coordinates() + " asked to retry later "
                            + (attempt + 1) + " times, " + deadline + ": " + e.getMessage());
                }
                if (attempt % 10 == 0) {
                    LOG.warn("Mapping hook of {} asks to retry later (attempt {}), holding it: {}",
                            record.coordinates(), attempt + 1, e.getMessage());
                }
                counters.retry();
                Thread.sleep(delay.toMillis());
                continue;
            }
            if (failedParts > 0) {
                counters.mappingErrors(failedParts);
            }
            return;
        }
    }

    /**
     * Deletes every document of {@code indexes} (a comma-separated list, wildcards allowed; missing
     * indexes are skipped) that {@code query} matches, through the bulk writer with its retries and
     * holds: the indexes are refreshed, so that documents written a moment ago are found, then the
     * matches are read a page at a time and deleted by id.
     *
     * @param indexes  the indexes searched, comma-separated, wildcards allowed
     * @param query    what the documents to delete match
     * @param deadline when to stop retrying an unavailable OpenSearch
     * @return how many documents were deleted
     * @throws InterruptedException  when interrupted while waiting to retry
     * @throws OutOfTimeException    when OpenSearch stayed unavailable until {@code deadline}
     * @throws IllegalStateException when OpenSearch refuses the search, or the delete of a match, for good
     */
    public long deleteMatching(String indexes, Query query, Deadline deadline)
            throws InterruptedException, OutOfTimeException {
        return deletes.delete(indexes, query, deadline);
    }

    /**
     * Applies {@code index}'s template and settings, if it has any (see {@link IndexBootstrap}).
     *
     * @param index the index and what to apply to it
     * @throws io.kinesisopensearch.config.ConfigException if OpenSearch refuses them
     * @throws IllegalStateException                       if OpenSearch could not be reached
     */
    public void prepare(IndexBootstrapConfig index) {
        IndexBootstrap.apply(client, index, bulk.retry());
        if (index.alias()) {
            dualWrites.watch(index.index());
        }
    }

    /**
     * Writes through {@code alias} from now on copy each action to the other index of a reindex of
     * it while one runs ({@link DualWrites}); {@link #prepare} does this for an index set up as an alias.
     *
     * @param alias the alias written through
     */
    public void writeThroughAlias(String alias) {
        dualWrites.watch(alias);
    }

    /**
     * What this sink learnt of reindexes of the aliases it writes through, and what its copies did.
     *
     * @return the sink's dual writes
     */
    public DualWrites dualWrites() {
        return dualWrites;
    }

    /**
     * The writer under the flush, for callers that write actions with no record behind them.
     *
     * @return the writer, sharing this sink's client, concurrency limit and counters
     */
    public BulkWriter writer() {
        return writer;
    }

    /**
     * What this sink did so far.
     *
     * @return the live counters
     */
    public WriteCounters counters() {
        return counters;
    }

    /**
     * The batch limits, bulk concurrency and retry backoff.
     *
     * @return the bulk configuration
     */
    public BulkConfig bulk() {
        return bulk;
    }

    /**
     * Where refused records go.
     *
     * @return the dead-letter destination
     */
    public DeadLetterSink deadLetters() {
        return deadLetters;
    }

    /**
     * The OpenSearch client, for reads beside the writes (bootstrap, checks).
     *
     * @return the client; closed with the sink unless it was given ready-made
     */
    public OpenSearchClient client() {
        return client;
    }

    /**
     * Where documents and dead letters go, for log lines.
     *
     * @return the cluster's URL ({@code OpenSearch} for a client given ready-made) and the dead-letter destination
     */
    public String describe() {
        return destination + "; dead letters to " + deadLetters.describe();
    }

    /** Closes the client and the dead-letter destination, unless they were given ready-made. */
    @Override
    public void close() {
        if (ownsDeadLetters) {
            deadLetters.close();
        }
        if (ownsClient) {
            try {
                client._transport().close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("Closing the OpenSearch client failed", e);
            }
        }
    }

    /** Builds an {@link OpenSearchSink}; each part is given ready-made, as configuration, or read from the settings. */
    public static final class Builder {
        private Settings settings;
        private OpenSearchConfig openSearch;
        private OpenSearchClient client;
        private BulkConfig bulk;
        private DeadLetterConfig deadLetterConfig;
        private DeadLetterSink deadLetterSink;
        private AwsClientConfig aws;

        private Builder() {
        }

        /**
         * Where the parts not given otherwise are read from.
         *
         * @param value the settings
         * @return this builder
         */
        public Builder settings(Settings value) {
            this.settings = Objects.requireNonNull(value);
            return this;
        }

        /**
         * The cluster, its authentication and TLS; the sink makes and closes its client.
         *
         * @param value the cluster's configuration
         * @return this builder
         */
        public Builder openSearch(OpenSearchConfig value) {
            this.openSearch = Objects.requireNonNull(value);
            return this;
        }

        /**
         * A client of your own, which the sink uses and does not close; it wins over {@link #openSearch}.
         *
         * @param value the client
         * @return this builder
         */
        public Builder client(OpenSearchClient value) {
            this.client = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Batch limits, bulk concurrency and retry backoff.
         *
         * @param value the bulk configuration
         * @return this builder
         */
        public Builder bulk(BulkConfig value) {
            this.bulk = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Where dead letters go, as configuration; the sink opens and closes the destination.
         *
         * @param value the destination's configuration
         * @return this builder
         */
        public Builder deadLetters(DeadLetterConfig value) {
            this.deadLetterConfig = Objects.requireNonNull(value);
            return this;
        }

        /**
         * A dead-letter destination of your own, which the sink uses and does not close; it wins over
         * a {@link DeadLetterConfig}.
         *
         * @param value the destination
         * @return this builder
         */
        public Builder deadLetters(DeadLetterSink value) {
            this.deadLetterSink = Objects.requireNonNull(value);
            return this;
        }

        /**
         * How S3 is reached for an S3 dead-letter destination.
         *
         * @param value the AWS client configuration
         * @return this builder
         */
        public Builder aws(AwsClientConfig value) {
            this.aws = Objects.requireNonNull(value);
            return this;
        }

        /**
         * The sink.
         *
         * @return the sink, with a client and a dead-letter destination of its own where none was given ready-made
         * @throws io.kinesisopensearch.config.ConfigException when a part comes from the settings and a setting is bad
         * @throws IllegalStateException when neither a client, nor its configuration, nor settings are given
         */
        public OpenSearchSink build() {
            Settings source = settings != null ? settings : Settings.of(Map.of());
            if (client == null && openSearch == null) {
                if (settings == null) {
                    throw new IllegalStateException("an OpenSearch client, its configuration or settings are needed");
                }
                openSearch = OpenSearchConfig.from(settings);
            }
            if (bulk == null) {
                bulk = BulkConfig.from(source);
            }
            DeadLetterSink letters = deadLetterSink;
            if (letters == null) {
                DeadLetterConfig config = deadLetterConfig != null ? deadLetterConfig : DeadLetterConfig.from(source);
                AwsClientConfig awsConfig = aws != null ? aws : AwsClientConfig.from(source);
                letters = DeadLetterSinks.open(config, awsConfig::s3Client);
            }
            // A sink that learns of the alias from the settings alone (a Lambda handler, the loader)
            // watches it too; the worker's, built from configuration, is told by prepare().
            Optional<String> alias = settings == null ? Optional.empty()
                    : IndexBootstrapConfig.alias(settings);
            OpenSearchClient openSearchClient = client != null ? client : OpenSearchClients.create(openSearch);
            OpenSearchSink sink = new OpenSearchSink(this, openSearchClient, letters);
            alias.ifPresent(sink::writeThroughAlias);
            return sink;
        }
    }
}
