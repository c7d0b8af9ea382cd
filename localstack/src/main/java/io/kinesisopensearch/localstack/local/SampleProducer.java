package io.kinesisopensearch.localstack.local;

import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.StreamProducer;
import io.kinesisopensearch.localstack.firehose.StandInConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.Record;

/**
 * Puts the samples in as their producers would: the books into the DynamoDB table (through the
 * stack's DynamoDB endpoint, so its stream records them), the CSV catalogue into its Kinesis stream,
 * the access log through the Firehose endpoint with the AWS SDK. Counts the table's changes and what
 * each stream accepted, for the progress lines' lag.
 */
final class SampleProducer {

    private final LocalStack stack;
    private final URI firehoseEndpoint;
    private final Map<String, StreamProducer> streams = new ConcurrentHashMap<>();
    private final AtomicLong tableChanges = new AtomicLong();

    SampleProducer(LocalStack stack, URI firehoseEndpoint) {
        this.stack = stack;
        this.firehoseEndpoint = firehoseEndpoint;
    }

    /** Puts every sample; returns once each was accepted. */
    void putAll() {
        for (BookTable.Write write : BookTable.writes()) {
            write.apply().accept(stack.dynamoDb());
            tableChanges.incrementAndGet();
        }
        List<StreamProducer.Entry> lines = new ArrayList<>();
        int part = 0;
        for (byte[] record : Samples.csvRecords()) {
            lines.add(new StreamProducer.Entry("export-part-" + part++, record));
        }
        stream(LocalPipeline.CATALOGUE).put(lines);
        putLogs(Samples.logPayloads());
    }

    /** Changes written to the books table: each makes one record of its stream. */
    long tableChanges() {
        return tableChanges.get();
    }

    /** Records {@code stream} accepted from this producer. */
    long produced(String stream) {
        StreamProducer producer = streams.get(stream);
        return producer == null ? 0 : producer.produced();
    }

    private StreamProducer stream(String name) {
        return streams.computeIfAbsent(name, stream -> new StreamProducer(stack.kinesis(), stream));
    }

    private void putLogs(List<byte[]> payloads) {
        try (FirehoseClient firehose = FirehoseClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(firehoseEndpoint)
                .region(Region.of(StandInConfig.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build()) {
            List<Record> records = payloads.stream().map(payload -> Record.builder()
                    .data(SdkBytes.fromByteArray(payload)).build()).toList();
            PutRecordBatchResponse response = firehose.putRecordBatch(put -> put
                    .deliveryStreamName(LocalPipeline.ACCESS_LOG).records(records));
            if (response.failedPutCount() > 0) {
                throw new IllegalStateException("Firehose refused " + response.failedPutCount() + " log payloads");
            }
        }
    }
}
