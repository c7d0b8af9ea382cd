package io.kinesisopensearch.localstack;

import com.amazonaws.services.dynamodbv2.streamsadapter.AmazonDynamoDBStreamsAdapterClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamDescription;
import software.amazon.kinesis.common.HashKeyRangeForLease;
import software.amazon.kinesis.leases.Lease;
import software.amazon.kinesis.leases.dynamodb.DynamoDBLeaseSerializer;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;

/**
 * A KCL application's lease table, as tests use it: prepared before a worker starts, so that it
 * takes its leases within seconds, and read afterwards for checkpoints and lease owners. It is named
 * after the application and lives in the stack's DynamoDB.
 */
public final class LeaseTable {

    private final DynamoDbClient dynamoDb;
    private final KinesisClient kinesis;
    private final String name;

    LeaseTable(DynamoDbClient dynamoDb, KinesisClient kinesis, String name) {
        this.dynamoDb = dynamoDb;
        this.kinesis = kinesis;
        this.name = name;
    }

    /**
     * Creates the lease table the way KCL 3 would, secondary index
     * included. KCL creates it itself when missing, but then polls 10 s for the index; a worker
     * started after this takes its leases sooner.
     */
    public void prepare() {
        try {
            dynamoDb.createTable(table -> table
                    .tableName(name)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(KeySchemaElement.builder().attributeName("leaseKey").keyType(KeyType.HASH).build())
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName("leaseKey")
                                    .attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName("leaseOwner")
                                    .attributeType(ScalarAttributeType.S).build())
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                            .indexName("LeaseOwnerToLeaseKeyIndex")
                            .keySchema(
                                    KeySchemaElement.builder().attributeName("leaseOwner").keyType(KeyType.HASH).build(),
                                    KeySchemaElement.builder().attributeName("leaseKey").keyType(KeyType.RANGE).build())
                            .projection(projection -> projection.projectionType(ProjectionType.KEYS_ONLY))
                            .build()));
        } catch (ResourceInUseException alreadyThere) {
            return;
        }
        dynamoDb.waiter().waitUntilTableExists(request -> request.tableName(name));
    }

    /**
     * Prepares the lease table and one lease per shard of {@code stream}, starting at TRIM_HORIZON,
     * as KCL's first shard sync would. KCL waits up to 30 s while a lease table is empty, to let one
     * of many starting workers create the leases; with them in place a worker takes its first lease
     * within seconds. Test tooling: it writes KCL's own lease format, through KCL's serializer.
     */
    public void prepareWithLeases(String stream) {
        prepareWithLeases(stream, kinesis);
    }

    /** As {@link #prepareWithLeases(String)}, for a stream in another Kinesis than the stack's (the benchmark's). */
    public void prepareWithLeases(String stream, KinesisClient kinesis) {
        prepareWithLeases(kinesis.listShards(request -> request.streamName(stream)).shards());
    }

    /**
     * As {@link #prepareWithLeases(String)}, for a worker reading a DynamoDB table's own stream: a
     * lease per shard of the stream {@code streamArn}, as AWS's DynamoDB Streams adapter presents the
     * shards to KCL (the adapter lists them). Closes {@code streams}.
     */
    public void prepareWithTableStreamLeases(DynamoDbStreamsClient streams, String streamArn) {
        Region region = Region.of(streamArn.split(":")[3]);
        List<Shard> shards = new ArrayList<>();
        try (AmazonDynamoDBStreamsAdapterClient adapter = new AmazonDynamoDBStreamsAdapterClient(streams, region)) {
            // The adapter answers DescribeStream (KCL's shard detector for it asks that), not ListShards.
            StreamDescription page;
            do {
                String after = shards.isEmpty() ? null : shards.get(shards.size() - 1).shardId();
                page = adapter.describeStream(request -> request.streamName(streamArn).exclusiveStartShardId(after))
                        .join().streamDescription();
                shards.addAll(page.shards());
            } while (Boolean.TRUE.equals(page.hasMoreShards()));
        }
        prepareWithLeases(shards);
    }

    private void prepareWithLeases(List<Shard> shards) {
        prepare();
        DynamoDBLeaseSerializer serializer = new DynamoDBLeaseSerializer();
        for (Shard shard : shards) {
            Lease lease = new Lease();
            lease.leaseKey(shard.shardId());
            List<String> parents = new ArrayList<>();
            if (shard.parentShardId() != null) {
                parents.add(shard.parentShardId());
            }
            if (shard.adjacentParentShardId() != null) {
                parents.add(shard.adjacentParentShardId());
            }
            lease.parentShardIds(parents);
            lease.checkpoint(ExtendedSequenceNumber.TRIM_HORIZON);
            lease.ownerSwitchesSinceCheckpoint(0L);
            lease.leaseCounter(0L);
            lease.hashKeyRange(HashKeyRangeForLease.fromHashKeyRange(shard.hashKeyRange()));
            dynamoDb.putItem(put -> put.tableName(name).item(serializer.toDynamoRecord(lease)));
        }
    }

    /** Each shard's checkpoint as KCL stored it: shard id to sequence number (or TRIM_HORIZON, SHARD_END). */
    public Map<String, String> checkpoints() {
        Map<String, String> checkpoints = new LinkedHashMap<>();
        for (Map<String, AttributeValue> lease : dynamoDb.scanPaginator(scan -> scan.tableName(name)).items()) {
            AttributeValue key = lease.get("leaseKey");
            AttributeValue checkpoint = lease.get("checkpoint");
            if (key != null && checkpoint != null && key.s().startsWith("shardId-")) {
                checkpoints.put(key.s(), checkpoint.s());
            }
        }
        return checkpoints;
    }

    /**
     * The checkpoints of one stream of a multi-stream application, whose lease keys are
     * {@code account:stream:creationEpoch:shardId}: shard id to sequence number.
     */
    public Map<String, String> checkpoints(String stream) {
        Map<String, String> checkpoints = new LinkedHashMap<>();
        for (Map<String, AttributeValue> lease : dynamoDb.scanPaginator(scan -> scan.tableName(name)).items()) {
            AttributeValue key = lease.get("leaseKey");
            AttributeValue checkpoint = lease.get("checkpoint");
            String[] parts = key == null ? new String[0] : key.s().split(":");
            if (checkpoint != null && parts.length == 4 && parts[1].equals(stream)) {
                checkpoints.put(parts[3], checkpoint.s());
            }
        }
        return checkpoints;
    }

    /**
     * The worker holding KCL's leader lock (the one that assigns leases), if any: KCL 3.5 keeps the
     * lock in the lease table, earlier 3.x in {@code <application>-CoordinatorState}.
     */
    public Optional<String> leader() {
        for (String table : List.of(name, name + "-CoordinatorState")) {
            try {
                for (Map<String, AttributeValue> item : dynamoDb.scanPaginator(scan -> scan.tableName(table)).items()) {
                    AttributeValue key = item.getOrDefault("leaseKey", item.get("key"));
                    AttributeValue owner = item.get("ownerName");
                    if (key != null && "Leader".equals(key.s()) && owner != null) {
                        return Optional.of(owner.s());
                    }
                }
            } catch (ResourceNotFoundException noSuchTable) {
                // Not this version's place for the lock.
            }
        }
        return Optional.empty();
    }

    /** Each shard's lease owner (worker id); a shard is absent while its lease is free. */
    public Map<String, String> owners() {
        Map<String, String> owners = new LinkedHashMap<>();
        for (Map<String, AttributeValue> lease : dynamoDb.scanPaginator(scan -> scan.tableName(name)).items()) {
            AttributeValue key = lease.get("leaseKey");
            AttributeValue owner = lease.get("leaseOwner");
            if (key != null && owner != null && key.s().startsWith("shardId-")) {
                owners.put(key.s(), owner.s());
            }
        }
        return owners;
    }
}
