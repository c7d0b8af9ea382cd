package io.kinesisopensearch.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.model.HashKeyRange;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.leases.Lease;
import software.amazon.kinesis.leases.dynamodb.DynamoDBLeaseSerializer;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;

/** The leases the worker writes for a new application are the ones KCL's first shard sync writes. */
class LeaseTableBootstrapTest {

    private static final Shard PARENT = Shard.builder().shardId("shardId-000000000000")
            .hashKeyRange(HashKeyRange.builder().startingHashKey("0").endingHashKey("99").build()).build();
    private static final Shard CHILD = Shard.builder().shardId("shardId-000000000002")
            .parentShardId("shardId-000000000000").adjacentParentShardId("shardId-000000000001")
            .hashKeyRange(HashKeyRange.builder().startingHashKey("0").endingHashKey("199").build()).build();

    @Test
    void oneUnownedLeasePerShardWithItsParentsRangeAndTheInitialPositionAsCheckpoint() {
        List<Lease> leases = LeaseTableBootstrap.newLeases(List.of(PARENT, CHILD),
                InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON));

        assertThat(leases).extracting(Lease::leaseKey).containsExactly("shardId-000000000000", "shardId-000000000002");
        Lease child = leases.get(1);
        assertThat(child.parentShardIds()).containsExactlyInAnyOrder("shardId-000000000000", "shardId-000000000001");
        assertThat(child.checkpoint()).isEqualTo(ExtendedSequenceNumber.TRIM_HORIZON);
        assertThat(child.leaseOwner()).isNull();
        assertThat(child.ownerSwitchesSinceCheckpoint()).isZero();
        assertThat(child.hashKeyRangeForLease().serializedEndingHashKey()).isEqualTo("199");

        // Written through KCL's serializer, as KCL's createLeaseIfNotExists writes it.
        Map<String, AttributeValue> item = new DynamoDBLeaseSerializer().toDynamoRecord(child);
        assertThat(item.get("leaseKey").s()).isEqualTo("shardId-000000000002");
        assertThat(item.get("checkpoint").s()).isEqualTo("TRIM_HORIZON");
        assertThat(item).doesNotContainKey("leaseOwner");
    }

    @Test
    void laterPositionsCheckpointAtTheirSentinels() {
        assertThat(LeaseTableBootstrap.newLeases(List.of(PARENT),
                InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.LATEST)).get(0).checkpoint())
                .isEqualTo(ExtendedSequenceNumber.LATEST);
        assertThat(LeaseTableBootstrap.newLeases(List.of(PARENT),
                InitialPositionInStreamExtended.newInitialPositionAtTimestamp(new Date(0))).get(0).checkpoint())
                .isEqualTo(ExtendedSequenceNumber.AT_TIMESTAMP);
    }
}
