package io.kinesisopensearch.transformer;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.FirehoseClientBuilder;
import software.amazon.awssdk.services.firehose.model.FirehoseException;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.Record;

/**
 * Re-ingest through Firehose's {@code PutRecordBatch} (AWS SDK v2, url-connection HTTP client).
 * The client is built on the first call, not before: a function that never splits a record never
 * pays for it, and nothing of it is in a SnapStart snapshot. Records a call refuses
 * ({@code ServiceUnavailableException} when the stream is over its throughput, {@code InternalFailure})
 * are sent again after a backoff; a call refused whole for a reason retrying cannot fix (the stream
 * does not exist, or reads a Kinesis stream) fails its pieces at once. Thread-safe.
 */
public final class FirehoseReingestion implements Reingestion {

    private static final Logger LOG = LoggerFactory.getLogger(FirehoseReingestion.class);

    private final ReingestConfig config;
    private FirehoseClient client;
    private String clientRegion;

    public FirehoseReingestion(ReingestConfig config) {
        this.config = config;
    }

    @Override
    public Outcome put(String deliveryStreamArn, String region, List<byte[]> pieces, long deadlineNanos)
            throws InterruptedException {
        FirehoseClient firehose = client(region);
        String streamName = deliveryStreamArn.substring(deliveryStreamArn.lastIndexOf('/') + 1);
        boolean[] accepted = new boolean[pieces.size()];
        int calls = 0;
        int retries = 0;
        for (List<Integer> batch : PutRecordBatches.plan(pieces)) {
            List<Integer> pending = batch;
            for (int attempt = 0; !pending.isEmpty() && attempt < config.maxAttempts(); attempt++) {
                if (attempt > 0) {
                    long pause = config.retry().delay(attempt - 1).toNanos();
                    if (System.nanoTime() + pause > deadlineNanos) {
                        LOG.warn("Putting {} pieces back into {}: out of time after {} attempts", pending.size(),
                                streamName, attempt);
                        break;
                    }
                    Thread.sleep(pause / 1_000_000);
                    retries++;
                }
                calls++;
                pending = send(firehose, streamName, pieces, pending, accepted, attempt);
                if (pending == null) {
                    break; // refused for good
                }
            }
        }
        return new Outcome(accepted, calls, retries);
    }

    /** One call; returns the positions to send again, or null when retrying cannot help. */
    private static List<Integer> send(FirehoseClient firehose, String streamName, List<byte[]> pieces,
            List<Integer> positions, boolean[] accepted, int attempt) {
        List<Record> records = new ArrayList<>(positions.size());
        for (int position : positions) {
            records.add(Record.builder().data(SdkBytes.fromByteArrayUnsafe(pieces.get(position))).build());
        }
        PutRecordBatchResponse response;
        try {
            response = firehose.putRecordBatch(request -> request.deliveryStreamName(streamName).records(records));
        } catch (FirehoseException e) {
            boolean retriable = e.isThrottlingException() || e.statusCode() >= 500
                    || e.awsErrorDetails() != null && "ServiceUnavailableException".equals(e.awsErrorDetails().errorCode());
            LOG.warn("PutRecordBatch of {} pieces into {} failed (attempt {}{}): {}", positions.size(), streamName,
                    attempt + 1, retriable ? ", will retry" : ", final", e.getMessage());
            return retriable ? positions : null;
        } catch (SdkException e) {
            LOG.warn("PutRecordBatch of {} pieces into {} failed (attempt {}), will retry: {}", positions.size(),
                    streamName, attempt + 1, e.getMessage());
            return positions;
        }
        List<Integer> refused = new ArrayList<>();
        List<PutRecordBatchResponseEntry> entries = response.requestResponses();
        for (int i = 0; i < positions.size(); i++) {
            PutRecordBatchResponseEntry entry = i < entries.size() ? entries.get(i) : null;
            if (entry != null && entry.errorCode() == null && entry.recordId() != null) {
                accepted[positions.get(i)] = true;
            } else {
                refused.add(positions.get(i));
            }
        }
        if (!refused.isEmpty() && attempt > 0 && attempt % 4 == 0) {
            // Refusals are normal under load and counted in the invocation's summary; persistent ones are news.
            int first = positions.indexOf(refused.get(0));
            String reason = first < entries.size() ? entries.get(first).errorCode() + " " + entries.get(first).errorMessage()
                    : "no entry in the response";
            LOG.warn("PutRecordBatch into {}: {} of {} pieces still refused after {} attempts: {}", streamName,
                    refused.size(), positions.size(), attempt + 1, reason);
        }
        return refused;
    }

    private synchronized FirehoseClient client(String eventRegion) {
        // The event names the delivery stream's region; AWS_REGION (the function's) is the fallback.
        String region = eventRegion != null ? eventRegion : config.region().orElse(null);
        if (client != null && java.util.Objects.equals(region, clientRegion)) {
            return client;
        }
        if (client != null) {
            client.close();
        }
        long started = System.nanoTime();
        FirehoseClientBuilder builder = FirehoseClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
        if (region != null) {
            builder.region(Region.of(region));
        }
        config.endpoint().ifPresent(builder::endpointOverride);
        config.credentials().ifPresent(keys -> builder.credentialsProvider(StaticCredentialsProvider.create(
                keys.sessionToken() == null
                        ? AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey())
                        : AwsSessionCredentials.create(keys.accessKeyId(), keys.secretAccessKey(), keys.sessionToken()))));
        client = builder.build();
        clientRegion = region;
        LOG.info("Firehose client for region {}{} built in {} ms", region,
                config.endpoint().map(uri -> " at " + uri).orElse(""), (System.nanoTime() - started) / 1_000_000);
        return client;
    }
}
