package io.kinesisopensearch.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

class DynamoDbLocalStreamArnTest {

    private static final String LOCAL = "arn:aws:dynamodb:ddblocal:000000000000:table/Orders/stream/2026-11-24T01:00:00.000";
    private static final String REAL = "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/2026-11-24T01:00:00.000";

    /** DynamoDB Local as far as ARNs go: it answers only for the exact ARN it made. */
    private static final class Local implements DynamoDbStreamsClient {
        final List<String> asked = new ArrayList<>();

        @Override
        public DescribeStreamResponse describeStream(DescribeStreamRequest request) {
            asked.add(request.streamArn());
            return DescribeStreamResponse.builder().streamDescription(StreamDescription.builder()
                    .streamArn(request.streamArn()).tableName("Orders").build()).build();
        }

        @Override
        public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
            asked.add(request.streamArn());
            return GetShardIteratorResponse.builder().shardIterator("iterator").build();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void onlyDynamoDbLocalArnsGetAStandIn() {
        assertThat(DynamoDbLocalStreamArn.isLocal(LOCAL)).isTrue();
        assertThat(DynamoDbLocalStreamArn.isLocal(REAL)).isFalse();
        assertThat(DynamoDbLocalStreamArn.standIn(LOCAL))
                .isEqualTo("arn:aws:dynamodb:us-east-1:000000000000:table/Orders/stream/2026-11-24T01:00:00.000");
        assertThatThrownBy(() -> DynamoDbLocalStreamArn.wrap(new Local(), REAL)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theStandInIsTurnedBackIntoTheLocalArnOnItsWayAndAnswersCarryTheStandIn() {
        Local local = new Local();
        DynamoDbStreamsClient client = DynamoDbLocalStreamArn.wrap(local, LOCAL);
        String standIn = DynamoDbLocalStreamArn.standIn(LOCAL);

        DescribeStreamResponse described = client.describeStream(request -> request.streamArn(standIn));
        client.getShardIterator(request -> request.streamArn(standIn).shardId("shardId-1"));

        assertThat(local.asked).containsExactly(LOCAL, LOCAL);
        assertThat(described.streamDescription().streamArn()).isEqualTo(standIn);
    }
}
