package io.kinesisopensearch.lambda;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.mapping.MappingConfig;
import io.kinesisopensearch.mapping.MappingHooks;
import io.kinesisopensearch.mapping.RecordMapper;
import io.kinesisopensearch.record.RecordCoordinates;
import io.kinesisopensearch.sink.OpenSearchSink;
import io.kinesisopensearch.sink.batch.Ledger;
import io.kinesisopensearch.sink.batch.RecordBatch;
import io.kinesisopensearch.sink.bulk.Deadline;
import io.kinesisopensearch.sink.bulk.OutOfTimeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core of the stream handlers, built once per execution environment: one shard's records,
 * mapped (hooks included) and written through an {@link OpenSearchSink}, answered with Lambda's
 * partial batch failures.
 *
 * <p>An event is written in batches of the sink's size ({@code bulk.max-actions},
 * {@code bulk.max-bytes}), in order. A poison record (the mapping or its hook refuses it, or
 * OpenSearch refuses its document for good) goes to the dead letters and is done. Outages and
 * refusals an operator can fix are retried, but only until the invocation's remaining time less
 * {@code lambda.time-reserve}: then the first record of the batch being written is answered as the
 * batch item failure, so Lambda delivers it and everything after it again, and nothing is skipped.
 * Each invocation keeps a {@link Ledger} of its records, checked after each flush and logged with
 * its summary line: received = acknowledged + stale + coalesced + dead-lettered + pending, pending
 * being the records answered as failures.
 *
 * <p>For a handler of your own, with a hook chosen in code:
 * <pre>{@code
 * public final class OrdersHandler implements RequestHandler<KinesisEvent, StreamsEventResponse> {
 *     private final KinesisEventHandler handler = new KinesisEventHandler(StreamEventWriter.builder()
 *             .settings(Settings.fromEnvironment()).hooks(MappingHooks.of(new TotalHook())).build());
 *
 *     public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
 *         return handler.handleRequest(event, context);
 *     }
 * }
 * }</pre>
 */
public final class StreamEventWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamEventWriter.class);

    private final MappingConfig mapping;
    private final RecordMapper mapper;
    private final OpenSearchSink sink;
    private final boolean ownsSink;
    private final LambdaConfig lambda;

    private StreamEventWriter(MappingConfig mapping, OpenSearchSink sink, boolean ownsSink, LambdaConfig lambda) {
        this.mapping = mapping;
        this.mapper = new RecordMapper(mapping);
        this.sink = sink;
        this.ownsSink = ownsSink;
        this.lambda = lambda;
    }

    /**
     * The writer for {@code settings}, with a sink of its own.
     *
     * @param settings the settings: {@code opensearch.*}, {@code mapping.*}, {@code bulk.*},
     *                 {@code deadletter.*}, {@code aws.*}, {@code lambda.time-reserve}
     * @return the writer
     * @throws io.kinesisopensearch.config.ConfigException when a setting is missing or invalid
     */
    public static StreamEventWriter from(Settings settings) {
        return builder().settings(settings).build();
    }

    /**
     * A writer built in code; what is not given comes from the settings given.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Writes {@code records} (one shard's, in order) and answers Lambda: no failure when each is in
     * OpenSearch or in the dead letters, else the first one that is not.
     *
     * @param records   the event's records, one shard's, in order
     * @param remaining the invocation's remaining time, {@code Context.getRemainingTimeInMillis()}
     * @return no batch item failure when every record is done; else one, the first record of the
     *         batch that was not written in time (or when the thread was interrupted)
     */
    public StreamsEventResponse write(List<EventRecord> records, Duration remaining) {
        if (records.isEmpty()) {
            return new StreamsEventResponse(List.of());
        }
        Deadline deadline = Deadline.in(remaining.minus(lambda.timeReserve()));
        // The invocation's account: an event-source mapping delivers one shard's records.
        RecordCoordinates source = records.get(0).record().coordinates();
        Ledger ledger = new Ledger(source.stream(), source.shardId());
        RecordBatch batch = sink.newBatch(ledger);
        int first = 0;
        for (int i = 0; i < records.size(); i++) {
            sink.add(batch, records.get(i).record(), mapper);
            if (batch.isFull() || i == records.size() - 1) {
                try {
                    if (!deadline.allows(Duration.ZERO)) {
                        throw new OutOfTimeException("no time left before " + lambda.timeReserve() + " reserve");
                    }
                    sink.flush(batch, deadline);
                } catch (OutOfTimeException e) {
                    return unwritten(records, first, sink.check(ledger, batch.recordCount()), e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return unwritten(records, first, sink.check(ledger, batch.recordCount()), "interrupted");
                }
                batch = sink.newBatch(ledger);
                sink.check(ledger, batch.recordCount());
                first = i + 1;
            }
        }
        LOG.info("Wrote {} records of stream {} shard {}: {}", records.size(), source.stream(), source.shardId(),
                sink.check(ledger, 0));
        return new StreamsEventResponse(List.of());
    }

    /**
     * The mapping records are written with.
     *
     * @return the mapping, its hooks included
     */
    public MappingConfig mapping() {
        return mapping;
    }

    /**
     * The sink written to, with its counters.
     *
     * @return the sink
     */
    public OpenSearchSink sink() {
        return sink;
    }

    /**
     * The answer when records from {@code first} on are not written: Lambda delivers them again. The
     * ledger's pending records are those of the batch that was being written; the records after it
     * were never mapped.
     */
    private static StreamsEventResponse unwritten(List<EventRecord> records, int first, Ledger.Account account,
            String why) {
        EventRecord failed = records.get(first);
        LOG.warn("{} of {} records written ({}); Lambda will deliver again from {} ({}): {}", first, records.size(),
                account, failed.itemIdentifier(), failed.record().coordinates(), why);
        return new StreamsEventResponse(List.of(new StreamsEventResponse.BatchItemFailure(failed.itemIdentifier())));
    }

    /** Closes the sink, unless it was given ready-made. */
    @Override
    public void close() {
        if (ownsSink) {
            sink.close();
        }
    }

    /** Builds a {@link StreamEventWriter}. */
    public static final class Builder {
        private Settings settings;
        private OpenSearchSink sink;
        private MappingConfig mapping;
        private MappingHooks hooks;
        private LambdaConfig lambda;

        private Builder() {
        }

        /**
         * Where whatever is not given is read from; without it, the parts must all be given.
         *
         * @param value the settings
         * @return this builder
         */
        public Builder settings(Settings value) {
            this.settings = Objects.requireNonNull(value);
            return this;
        }

        /**
         * A sink of your own, which the writer uses and does not close; else one from the settings.
         *
         * @param value the sink
         * @return this builder
         */
        public Builder sink(OpenSearchSink value) {
            this.sink = Objects.requireNonNull(value);
            return this;
        }

        /**
         * The mapping; else {@code mapping.*} of the settings.
         *
         * @param value the mapping
         * @return this builder
         */
        public Builder mapping(MappingConfig value) {
            this.mapping = Objects.requireNonNull(value);
            return this;
        }

        /**
         * User code for the mapping, instead of its own hooks (what {@code mapping.hook} names).
         *
         * @param value the hooks
         * @return this builder
         */
        public Builder hooks(MappingHooks value) {
            this.hooks = Objects.requireNonNull(value);
            return this;
        }

        /**
         * The time reserve; else {@code lambda.time-reserve} of the settings.
         *
         * @param value the Lambda configuration
         * @return this builder
         */
        public Builder lambda(LambdaConfig value) {
            this.lambda = Objects.requireNonNull(value);
            return this;
        }

        /**
         * The writer.
         *
         * @return the writer, with a sink of its own (closed with it) when none was given
         * @throws io.kinesisopensearch.config.ConfigException when a part is read from the settings and a
         *         setting is missing or invalid
         */
        public StreamEventWriter build() {
            Settings source = settings != null ? settings : Settings.of(Map.of());
            MappingConfig chosen = mapping != null ? mapping : MappingConfig.from(source);
            if (hooks != null) {
                chosen = chosen.withHooks(hooks);
            }
            LambdaConfig reserve = lambda != null ? lambda : LambdaConfig.from(source);
            if (sink != null) {
                return new StreamEventWriter(chosen, sink, false, reserve);
            }
            return new StreamEventWriter(chosen, OpenSearchSink.fromSettings(source), true, reserve);
        }
    }
}
