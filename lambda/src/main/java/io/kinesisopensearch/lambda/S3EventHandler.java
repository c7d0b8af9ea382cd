package io.kinesisopensearch.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.loader.LoadConfig;
import io.kinesisopensearch.loader.LoadFormat;
import io.kinesisopensearch.loader.ObjectLoader;
import io.kinesisopensearch.sink.OpenSearchSink;
import io.kinesisopensearch.sink.aws.AwsClientConfig;
import io.kinesisopensearch.sink.batch.Ledger;
import io.kinesisopensearch.sink.bulk.Deadline;
import io.kinesisopensearch.sink.bulk.OutOfTimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The function of an S3 {@code ObjectCreated} notification, for files that arrive one by one: each
 * new object (CSV, NDJSON, gzip of either) is loaded through the worker's mapping, bulk writer and
 * dead letters by the loader's {@link ObjectLoader}. Rows that do not map, or that OpenSearch
 * refuses for good, go to the dead letters named by object and line, and the object is done. When
 * an object cannot be read or OpenSearch stays unavailable until {@code lambda.time-reserve} before
 * the end, the invocation fails and Lambda invokes it again with the same event (an asynchronous
 * invocation is retried twice): loading an object again rewrites the same documents, since a
 * row's id is its object and line unless the mapping names an id field.
 *
 * <p>The format comes from {@code load.format} ({@code AUTO}: by the object's name, other objects
 * skipped); a DynamoDB export is loaded with the {@code S3Load} command, which reads its manifests.
 */
public final class S3EventHandler implements RequestHandler<S3Event, String> {

    private static final Logger LOG = LoggerFactory.getLogger(S3EventHandler.class);

    private final ObjectLoader loader;
    private final LambdaConfig lambda;
    private final LoadFormat format;

    /**
     * Lambda's constructor: the settings from the environment and {@code KINESIS_OPENSEARCH_CONFIG}.
     *
     * @throws io.kinesisopensearch.config.ConfigException when a setting is missing or invalid
     */
    public S3EventHandler() {
        this(Settings.fromEnvironment());
    }

    /**
     * A handler for {@code settings}, with an S3 client and a sink of its own.
     *
     * @param settings the settings: those of the sink and the mapping, {@code load.*}, {@code lambda.time-reserve}
     * @throws io.kinesisopensearch.config.ConfigException when a setting is missing or invalid, or
     *         {@code load.format} is {@code DYNAMODB_EXPORT}
     */
    public S3EventHandler(Settings settings) {
        this.format = settings.getEnum(LoadConfig.FORMAT, LoadFormat.class, LoadFormat.AUTO);
        if (format == LoadFormat.DYNAMODB_EXPORT || format == LoadFormat.IMAGE) {
            throw Settings.invalid(LoadConfig.FORMAT, format.name(), "an export is loaded with the S3Load command,"
                    + " which reads its manifests, images through SqsEventHandler; here the allowed values are AUTO,"
                    + " CSV and NDJSON");
        }
        this.lambda = LambdaConfig.from(settings);
        AwsClientConfig aws = AwsClientConfig.from(settings);
        this.loader = ObjectLoader.create(settings, aws.s3Client(), OpenSearchSink.builder().settings(settings).aws(aws).build());
    }

    /**
     * Loads each created object of {@code event}; returns a summary for the log, with the objects'
     * ledgers together (each row's one outcome, see {@link Ledger}).
     *
     * @throws UncheckedIOException  when an object cannot be read: Lambda invokes again
     * @throws IllegalStateException when time ran out before an object was written: Lambda invokes again
     */
    @Override
    public String handleRequest(S3Event event, Context context) {
        Deadline deadline = Deadline.in(Duration.ofMillis(context.getRemainingTimeInMillis()).minus(lambda.timeReserve()));
        int objects = 0;
        long rows = 0;
        long deadLetters = 0;
        Ledger.Account records = Ledger.Account.NONE;
        for (S3EventNotificationRecord record : event.getRecords()) {
            if (record.getEventName() == null || !record.getEventName().startsWith("ObjectCreated")) {
                continue;
            }
            String bucket = record.getS3().getBucket().getName();
            // Keys arrive URL-encoded in the notification ("a+b%2Bc.csv" is "a b+c.csv").
            String key = record.getS3().getObject().getUrlDecodedKey();
            Optional<LoadFormat> objectFormat = format == LoadFormat.AUTO ? LoadFormat.byName(key) : Optional.of(format);
            if (objectFormat.isEmpty()) {
                LOG.info("Skipping s3://{}/{}: not .csv, .json, .jsonl or .ndjson (optionally .gz)", bucket, key);
                continue;
            }
            try {
                ObjectLoader.Counts counts = loader.load(bucket, key, objectFormat.get(), bytes -> { }, deadline);
                LOG.info("Loaded s3://{}/{}: {} rows, {} documents, {} dead letters; rows {}", bucket, key,
                        counts.rows(), counts.acknowledged() + counts.stale(), counts.deadLetters(), counts.records());
                objects++;
                rows += counts.rows();
                deadLetters += counts.deadLetters();
                records = records.plus(counts.records());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot load s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
            } catch (OutOfTimeException e) {
                throw new IllegalStateException("s3://" + bucket + "/" + key + " not written in time, Lambda will"
                        + " invoke again: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while loading s3://" + bucket + "/" + key, e);
            }
        }
        String summary = "Loaded " + objects + " objects: " + rows + " rows, " + deadLetters + " dead letters; rows "
                + records;
        LOG.info(summary);
        return summary;
    }
}
