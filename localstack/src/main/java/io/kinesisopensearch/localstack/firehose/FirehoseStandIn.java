package io.kinesisopensearch.localstack.firehose;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kinesisopensearch.mapping.DocumentAction;
import io.kinesisopensearch.sink.OpenSearchSink;
import io.kinesisopensearch.sink.bulk.BulkConfig;
import io.kinesisopensearch.sink.bulk.BulkResult;
import io.kinesisopensearch.sink.deadletter.LocalDirectoryDeadLetterSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongPredicate;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Direct PUT delivery stream with a Lambda processor and an OpenSearch destination, for tests:
 *
 * <pre>
 * PutRecord(Batch) ──> buffer (size hint, interval) ──> Lambda invocation ──> response checked
 *   ──> Ok: bulk-indexed into OpenSearch with the project's sink, id = record id
 *   ──> ProcessingFailed, failed batches: error folder, processing-failed/
 *   ──> documents OpenSearch refused: error folder, opensearch-failed/
 * </pre>
 *
 * <p>As Firehose does, it invokes the function with batches of at most the buffer size hint, as
 * soon as that much is buffered or the oldest record has waited the buffer interval; retries a
 * failed invocation {@code lambdaRetries} times; and fails the whole batch when the response does
 * not answer every record exactly once with a valid result and base64 data, or is over Lambda's
 * limit ({@link TransformationResponse}). One invocation at a time; Ok documents are delivered
 * right after their invocation (Firehose buffers them again for the destination, which changes
 * when, not what, is delivered).
 */
public final class FirehoseStandIn implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FirehoseStandIn.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StandInConfig config;
    private final LambdaFunction function;
    private final OpenSearchSink sink;
    private final ErrorFolder errors;
    private final FirehoseWire wire;
    private final ProcessorBuffer buffer;
    private final Counters counters = new Counters();
    private final Thread processor;

    /** What the stream has done so far. */
    public record Stats(long received, long invocations, long failedInvocations, long failedBatches, long ok,
            long dropped, long processingFailed, long delivered, long deliveryFailed, long putRefusals) {
    }

    private static final class Counters {
        final AtomicLong invocations = new AtomicLong();
        final AtomicLong failedInvocations = new AtomicLong();
        final AtomicLong failedBatches = new AtomicLong();
        final AtomicLong ok = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();
        final AtomicLong processingFailed = new AtomicLong();
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong deliveryFailed = new AtomicLong();
    }

    private FirehoseStandIn(StandInConfig config, Function<URI, LambdaFunction> function, OpenSearchClient openSearch,
            LongPredicate refusePuts, boolean kinesisSource) throws IOException {
        this.config = config;
        this.buffer = new ProcessorBuffer(config.bufferBytes(), config.bufferInterval());
        // Delivery writes actions, not record batches: what OpenSearch refuses goes to the error folder as
        // Firehose's does, and the sink's own dead letters (under the error folder) stay empty.
        BulkConfig bulk = BulkConfig.DEFAULT;
        this.sink = OpenSearchSink.builder().client(openSearch)
                .bulk(new BulkConfig(bulk.maxActions(), bulk.maxBytes(), bulk.maxWait(), bulk.maxRequestBytes(), 4,
                        bulk.retry()))
                .deadLetters(new LocalDirectoryDeadLetterSink(config.errorFolder().resolve("dead-letters"))).build();
        this.errors = new ErrorFolder(config.errorFolder(), config.streamName(),
                "arn:aws:lambda:" + StandInConfig.REGION + ":" + StandInConfig.ACCOUNT + ":function:transformer");
        this.wire = new FirehoseWire(config.streamName(), buffer::add, refusePuts, kinesisSource);
        this.function = function.apply(wire.endpoint());
        this.processor = new Thread(this::process, "firehose-" + config.streamName());
        processor.setDaemon(true);
        processor.start();
        LOG.info("Firehose stand-in {} at {} (buffer {} bytes / {} ms, errors in {})", config.streamName(),
                wire.endpoint(), config.bufferBytes(), config.bufferInterval().toMillis(), config.errorFolder());
    }

    /** Starts a stand-in that delivers into {@code openSearch} through {@code function}. */
    public static FirehoseStandIn start(StandInConfig config, LambdaFunction function, OpenSearchClient openSearch) {
        return start(config, endpoint -> function, openSearch, attempt -> false, false);
    }

    /**
     * Starts a stand-in whose puts refuse the record attempts {@code refusePuts} picks (numbered from
     * 0) with ServiceUnavailableException; with {@code kinesisSource} it refuses all puts as a
     * delivery stream that reads a Kinesis stream does. {@code function} makes the processor from
     * the stream's endpoint, which a transformer needs for its re-ingest.
     */
    public static FirehoseStandIn start(StandInConfig config, Function<URI, LambdaFunction> function,
            OpenSearchClient openSearch,
            LongPredicate refusePuts, boolean kinesisSource) {
        try {
            return new FirehoseStandIn(config, function, openSearch, refusePuts, kinesisSource);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Firehose stand-in", e);
        }
    }

    /** Where the SDK reaches this stream: the value for {@code AWS_ENDPOINT_URL_FIREHOSE}. */
    public URI endpoint() {
        return wire.endpoint();
    }

    public String deliveryStreamArn() {
        return config.arn();
    }

    public ErrorFolder errors() {
        return errors;
    }

    public Stats stats() {
        return new Stats(buffer.received(), counters.invocations.get(), counters.failedInvocations.get(),
                counters.failedBatches.get(), counters.ok.get(), counters.dropped.get(), counters.processingFailed.get(),
                counters.delivered.get(), counters.deliveryFailed.get(), wire.refused());
    }

    /** Waits until nothing is buffered, invoked or being put; false if that takes longer than {@code timeout}. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int quietChecks = 0;
        while (System.nanoTime() < deadline) {
            quietChecks = buffer.isIdle() && !wire.busy() ? quietChecks + 1 : 0;
            if (quietChecks >= 3) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private void process() {
        while (true) {
            List<ProcessorBuffer.Buffered> batch;
            try {
                batch = buffer.take();
            } catch (InterruptedException e) {
                return;
            }
            if (batch == null) {
                return;
            }
            try {
                invoke(batch);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("Firehose stand-in failed on a batch of {} records", batch.size(), e);
            } finally {
                buffer.processed();
            }
        }
    }

    private void invoke(List<ProcessorBuffer.Buffered> batch) throws InterruptedException {
        byte[] event = event(batch);
        List<String> ids = batch.stream().map(ProcessorBuffer.Buffered::recordId).toList();
        Map<String, TransformationResponse.Answer> answers = null;
        String errorCode = null;
        String errorMessage = null;
        int attempts = 0;
        while (answers == null && attempts <= config.lambdaRetries()) {
            attempts++;
            counters.invocations.incrementAndGet();
            try {
                answers = TransformationResponse.check(function.invoke(event), ids);
            } catch (TransformationResponse.BatchFailure e) {
                errorCode = e.errorCode();
                errorMessage = e.getMessage();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                errorCode = "Lambda.FunctionError";
                errorMessage = "The Lambda function was successfully invoked but it returned an error result: " + e;
            }
            if (answers == null) {
                counters.failedInvocations.incrementAndGet();
                LOG.warn("Invocation {} of a batch of {} records failed: {} {}", attempts, batch.size(), errorCode,
                        errorMessage);
            }
        }
        if (answers == null) {
            counters.failedBatches.incrementAndGet();
            counters.processingFailed.addAndGet(batch.size());
            List<ErrorFolder.FailedRecord> failed = new ArrayList<>();
            for (ProcessorBuffer.Buffered record : batch) {
                failed.add(new ErrorFolder.FailedRecord(attempts, record.arrival(), errorCode, errorMessage, record.data()));
            }
            errors.write(ErrorFolder.PROCESSING_FAILED, failed);
            return;
        }
        deliver(batch, answers, attempts);
    }

    private void deliver(List<ProcessorBuffer.Buffered> batch, Map<String, TransformationResponse.Answer> answers, int attempts)
            throws InterruptedException {
        List<DocumentAction> actions = new ArrayList<>();
        List<ErrorFolder.FailedRecord> failed = new ArrayList<>();
        for (ProcessorBuffer.Buffered record : batch) {
            TransformationResponse.Answer answer = answers.get(record.recordId());
            switch (answer.result()) {
                case "Ok" -> actions.add(DocumentAction.index(config.index(), record.recordId(), answer.data()));
                case "Dropped" -> counters.dropped.incrementAndGet();
                default -> failed.add(new ErrorFolder.FailedRecord(attempts, record.arrival(), "Lambda.ProcessingFailed",
                        "The Lambda function answered ProcessingFailed for this record.", record.data()));
            }
        }
        counters.ok.addAndGet(actions.size());
        counters.processingFailed.addAndGet(failed.size());
        errors.write(ErrorFolder.PROCESSING_FAILED, failed);
        if (actions.isEmpty()) {
            return;
        }
        BulkResult result = sink.writer().write(actions);
        List<ErrorFolder.FailedRecord> refused = new ArrayList<>();
        for (BulkResult.ItemFailure failure : result.failures()) {
            DocumentAction action = actions.get(failure.position());
            refused.add(new ErrorFolder.FailedRecord(1, System.currentTimeMillis(), "OS." + failure.status(),
                    failure.reason(), action.source()));
        }
        counters.delivered.addAndGet(actions.size() - refused.size());
        counters.deliveryFailed.addAndGet(refused.size());
        errors.write(ErrorFolder.OPENSEARCH_FAILED, refused);
    }

    /** The transformation event Firehose sends for a Direct PUT stream. */
    private byte[] event(List<ProcessorBuffer.Buffered> batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("invocationId", UUID.randomUUID().toString());
            json.writeStringField("deliveryStreamArn", config.arn());
            json.writeStringField("region", StandInConfig.REGION);
            json.writeArrayFieldStart("records");
            for (ProcessorBuffer.Buffered record : batch) {
                json.writeStartObject();
                json.writeStringField("recordId", record.recordId());
                json.writeNumberField("approximateArrivalTimestamp", record.arrival());
                json.writeFieldName("data");
                json.writeBinary(record.data());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        buffer.close();
        wire.close();
        processor.interrupt();
        try {
            processor.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
