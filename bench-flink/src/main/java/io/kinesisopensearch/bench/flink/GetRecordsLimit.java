package io.kinesisopensearch.bench.flink;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.core.SdkRequest;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.core.interceptor.Context;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryRequest;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.ListShardsRequest;

/**
 * Makes the Flink job's GetRecords calls ask for as many records as the worker's
 * ({@code -Dbench.fetch-records}), so that both pipelines are fed alike: flink-connector-kinesis
 * 4.3.0's {@code KinesisStreamProxy} sets no limit (so Kinesis's 10,000) and has no setting for it.
 * Registered as a global interceptor of the connector's shaded AWS SDK (the resource
 * {@code org/apache/flink/kinesis/shaded/software/amazon/awssdk/global/handlers/execution.interceptors}).
 */
public final class GetRecordsLimit implements ExecutionInterceptor {

    /** GetRecords calls answered with records, and the records they brought, for the job's log. */
    static final AtomicLong CALLS = new AtomicLong();
    static final AtomicLong RECORDS = new AtomicLong();

    private final int limit = Integer.getInteger("bench.fetch-records", 0);

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.response() instanceof GetRecordsResponse response && !response.records().isEmpty()) {
            CALLS.incrementAndGet();
            RECORDS.addAndGet(response.records().size());
        }
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        if (limit > 0 && request instanceof GetRecordsRequest records && records.limit() == null) {
            return records.toBuilder().limit(limit).build();
        }
        // kinesalite predates stream ARNs in requests: the connector names its stream by ARN only, so the
        // name is added from it (the same stream; Kinesis and kinesis-mock take either).
        if (request instanceof ListShardsRequest list && list.streamName() == null && list.nextToken() == null
                && list.streamARN() != null) {
            return list.toBuilder().streamName(name(list.streamARN())).build();
        }
        if (request instanceof GetShardIteratorRequest iterator && iterator.streamName() == null
                && iterator.streamARN() != null) {
            return iterator.toBuilder().streamName(name(iterator.streamARN())).build();
        }
        if (request instanceof DescribeStreamSummaryRequest describe && describe.streamName() == null
                && describe.streamARN() != null) {
            return describe.toBuilder().streamName(name(describe.streamARN())).build();
        }
        return request;
    }

    private static String name(String arn) {
        return arn.substring(arn.indexOf(":stream/") + ":stream/".length());
    }
}
