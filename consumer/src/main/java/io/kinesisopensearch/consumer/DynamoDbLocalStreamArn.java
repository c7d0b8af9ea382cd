package io.kinesisopensearch.consumer;

import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.ListStreamsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListStreamsResponse;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsServiceClientConfiguration;

/**
 * DynamoDB Local names every stream in the region {@code ddblocal}, which adapter 2.0.1 refuses
 * ({@code Invalid DynamoDB stream ARN format}; accepted from 2.1.0 on, not on Maven Central). The
 * adapter is handed a stand-in ARN in a real region, and this client turns it back into the local
 * one on its way to DynamoDB Local, which matches ARNs exactly; answers carry the stand-in again.
 * Only ARNs in {@code ddblocal} get this client: a real stream's ARN reaches AWS untouched.
 */
final class DynamoDbLocalStreamArn implements DynamoDbStreamsClient {

    /** The region DynamoDB Local puts in its ARNs. */
    static final String LOCAL_REGION = "ddblocal";
    /** The region of the stand-in ARN; any the adapter knows would do. */
    static final String STAND_IN_REGION = "us-east-1";

    private final DynamoDbStreamsClient local;
    private final String localArn;
    private final String standInArn;

    private DynamoDbLocalStreamArn(DynamoDbStreamsClient local, String localArn) {
        this.local = local;
        this.localArn = localArn;
        this.standInArn = standIn(localArn);
    }

    /** Whether {@code streamArn} is one of DynamoDB Local's. */
    static boolean isLocal(String streamArn) {
        return LOCAL_REGION.equals(DynamoDbStreamsConfig.region(streamArn));
    }

    /** A client that lets the adapter read {@code localArn} as {@link #standIn}. */
    static DynamoDbLocalStreamArn wrap(DynamoDbStreamsClient local, String localArn) {
        if (!isLocal(localArn)) {
            throw new IllegalArgumentException("Not a DynamoDB Local stream ARN: " + localArn);
        }
        return new DynamoDbLocalStreamArn(local, localArn);
    }

    /** The ARN the adapter is given for a DynamoDB Local stream. */
    static String standIn(String localArn) {
        return localArn.replaceFirst(":dynamodb:" + LOCAL_REGION + ":", ":dynamodb:" + STAND_IN_REGION + ":");
    }

    private String toLocal(String arn) {
        return standInArn.equals(arn) ? localArn : arn;
    }

    private String toStandIn(String arn) {
        return localArn.equals(arn) ? standInArn : arn;
    }

    @Override
    public DescribeStreamResponse describeStream(DescribeStreamRequest request) {
        DescribeStreamResponse response = local.describeStream(request.toBuilder()
                .streamArn(toLocal(request.streamArn())).build());
        if (response.streamDescription() == null) {
            return response;
        }
        return response.toBuilder().streamDescription(response.streamDescription().toBuilder()
                .streamArn(toStandIn(response.streamDescription().streamArn())).build()).build();
    }

    @Override
    public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
        return local.getShardIterator(request.toBuilder().streamArn(toLocal(request.streamArn())).build());
    }

    @Override
    public GetRecordsResponse getRecords(GetRecordsRequest request) {
        return local.getRecords(request);
    }

    @Override
    public ListStreamsResponse listStreams(ListStreamsRequest request) {
        ListStreamsResponse response = local.listStreams(request);
        return response.toBuilder().streams(response.streams().stream()
                .map(stream -> stream.toBuilder().streamArn(toStandIn(stream.streamArn())).build())
                .toList()).build();
    }

    @Override
    public DynamoDbStreamsServiceClientConfiguration serviceClientConfiguration() {
        return local.serviceClientConfiguration();
    }

    @Override
    public String serviceName() {
        return local.serviceName();
    }

    @Override
    public void close() {
        local.close();
    }
}
