package io.kinesisopensearch.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilter;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.kinesis.common.HashKeyRangeForLease;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.leases.Lease;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.leases.dynamodb.DynamoDBLeaseManagementFactory;
import software.amazon.kinesis.leases.dynamodb.DynamoDBLeaseRefresher;
import software.amazon.kinesis.leases.dynamodb.DynamoDBLeaseSerializer;
import software.amazon.kinesis.leases.dynamodb.TableCreatorCallback;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;

/**
 * A new application's lease table and first leases, made before KCL starts, so that its first
 * worker reads within seconds instead of waiting out two of KCL 3.5.1's constants: KCL creates
 * the table without its index, adds the index and then polls for it every 10 s
 * ({@code DynamicMigrationComponentsInitializer.createGsi}), and while the table holds no lease every
 * starting worker waits a random 1 to 30 s before one of them lists the shards
 * ({@code Scheduler.shouldInitiateLeaseSync}).
 *
 * <p>What it writes is what KCL writes, through KCL's classes: the table with KCL's key schema and
 * its {@code LeaseOwnerToLeaseKeyIndex} (keys only) from KCL's {@link DynamoDBLeaseSerializer}, in
 * the configured billing mode, deletion protection and tags; and, while the table holds no lease,
 * the leases KCL's {@code EmptyLeaseTableSynchronizer} creates: one per shard listed at the initial
 * position (KCL's shard filter), its parents and hash range, its checkpoint the initial position,
 * no owner, written with KCL's own conditional {@link DynamoDBLeaseRefresher#createLeaseIfNotExists}.
 * So workers starting together are safe: one CreateTable wins and the others find the table; a
 * lease another worker wrote first is not written again; KCL's assignment then spreads the leases.
 *
 * <p>Only for one Kinesis stream (KCL's single-stream mode). A table KCL would set up otherwise
 * (point-in-time recovery, a table-creator callback) or that exists without the index is left to
 * KCL, as is anything here that fails: KCL then does it the slow way.
 */
final class LeaseTableBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseTableBootstrap.class);

    /** KCL's name for the index its lease discovery queries (DynamoDBLeaseRefresher). */
    static final String LEASE_OWNER_INDEX = "LeaseOwnerToLeaseKeyIndex";
    /** How often the table is described while DynamoDB creates it (seconds on AWS, at once locally). */
    private static final Duration POLL = Duration.ofMillis(250);
    /** How long a table may take to become active before KCL is left to wait for it. */
    private static final Duration TABLE_TIMEOUT = Duration.ofMinutes(5);

    /** What the bootstrap found and did. */
    enum Outcome {
        /** Table and index created here, and the leases written. */
        CREATED,
        /** The table was there (maybe just made by another worker), empty: the leases written here. */
        LEASES_CREATED,
        /** The table already held leases: nothing to do. */
        READY,
        /** Left to KCL (a table without the index, options KCL applies itself, a failure). */
        LEFT_TO_KCL
    }

    private LeaseTableBootstrap() {
    }

    /**
     * Makes sure the lease table of {@code lease} exists with its index and holds leases for
     * {@code stream}'s shards at {@code position}. Returns what it did; never throws for DynamoDB's
     * or Kinesis's errors (KCL then does its own start-up), only when interrupted.
     */
    static Outcome prepare(LeaseManagementConfig lease, KinesisAsyncClient kinesis, String stream,
            InitialPositionInStreamExtended position, BooleanSupplier stopping) throws InterruptedException {
        long started = System.nanoTime();
        try {
            Outcome outcome = prepareOrThrow(lease, kinesis, stream, position, stopping);
            LOG.info("Lease table {}: {} ({} ms)", lease.tableName(), switch (outcome) {
                case CREATED -> "created with its index and the stream's leases";
                case LEASES_CREATED -> "found empty; the stream's leases written";
                case READY -> "holds leases";
                case LEFT_TO_KCL -> "left to KCL to set up";
            }, (System.nanoTime() - started) / 1_000_000);
            return outcome;
        } catch (CompletionException | software.amazon.awssdk.core.exception.SdkException
                | software.amazon.kinesis.leases.exceptions.LeasingException e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            LOG.info("Lease table {} left to KCL to set up: {}", lease.tableName(), cause.toString());
            return Outcome.LEFT_TO_KCL;
        }
    }

    private static Outcome prepareOrThrow(LeaseManagementConfig lease, KinesisAsyncClient kinesis, String stream,
            InitialPositionInStreamExtended position, BooleanSupplier stopping)
            throws InterruptedException, software.amazon.kinesis.leases.exceptions.LeasingException {
        DynamoDbAsyncClient dynamoDb = lease.dynamoDBClient();
        String name = lease.tableName();
        TableDescription table = describe(dynamoDb, name);
        boolean created = false;
        if (table == null) {
            if (lease.leaseTablePitrEnabled() || lease.tableCreatorCallback() != TableCreatorCallback.NOOP_TABLE_CREATOR_CALLBACK) {
                return Outcome.LEFT_TO_KCL;
            }
            created = create(dynamoDb, lease);
        } else if (index(table) == null) {
            // KCL adds the index to an existing table itself (a table of KCL 2, or made by hand).
            return Outcome.LEFT_TO_KCL;
        }
        if (!awaitActive(dynamoDb, name, stopping)) {
            return Outcome.LEFT_TO_KCL;
        }
        DynamoDBLeaseSerializer serializer = new DynamoDBLeaseSerializer();
        DynamoDBLeaseRefresher leases = new DynamoDBLeaseManagementFactory(lease, serializer, false).createLeaseRefresher();
        if (!leases.isLeaseTableEmpty()) {
            return created ? Outcome.CREATED : Outcome.READY;
        }
        int written = 0;
        for (Lease shardLease : newLeases(listShards(kinesis, stream, position), position)) {
            if (leases.createLeaseIfNotExists(shardLease)) {
                written++;
            }
        }
        LOG.debug("Lease table {}: {} leases written", name, written);
        return created ? Outcome.CREATED : Outcome.LEASES_CREATED;
    }

    /** The leases KCL's first shard sync on an empty table creates (HierarchicalShardSyncer.newKCLLease). */
    static List<Lease> newLeases(List<Shard> shards, InitialPositionInStreamExtended position) {
        List<Lease> leases = new ArrayList<>();
        for (Shard shard : shards) {
            Lease lease = new Lease();
            lease.leaseKey(shard.shardId());
            List<String> parents = new ArrayList<>(2);
            if (shard.parentShardId() != null) {
                parents.add(shard.parentShardId());
            }
            if (shard.adjacentParentShardId() != null) {
                parents.add(shard.adjacentParentShardId());
            }
            lease.parentShardIds(parents);
            lease.ownerSwitchesSinceCheckpoint(0L);
            lease.hashKeyRange(HashKeyRangeForLease.fromHashKeyRange(shard.hashKeyRange()));
            lease.checkpoint(switch (position.getInitialPositionInStream()) {
                case TRIM_HORIZON -> ExtendedSequenceNumber.TRIM_HORIZON;
                case LATEST -> ExtendedSequenceNumber.LATEST;
                case AT_TIMESTAMP -> ExtendedSequenceNumber.AT_TIMESTAMP;
            });
            leases.add(lease);
        }
        return leases;
    }

    /** The stream's shards at the initial position, as KCL lists them for an empty lease table. */
    private static List<Shard> listShards(KinesisAsyncClient kinesis, String stream, InitialPositionInStreamExtended position) {
        ShardFilter filter = switch (position.getInitialPositionInStream()) {
            case LATEST -> ShardFilter.builder().type(ShardFilterType.AT_LATEST).build();
            case TRIM_HORIZON -> ShardFilter.builder().type(ShardFilterType.AT_TRIM_HORIZON).build();
            case AT_TIMESTAMP -> ShardFilter.builder().type(ShardFilterType.AT_TIMESTAMP)
                    .timestamp(position.getTimestamp().toInstant()).build();
        };
        List<Shard> shards = new ArrayList<>();
        String next = null;
        do {
            ListShardsRequest request = next == null
                    ? ListShardsRequest.builder().streamName(stream).shardFilter(filter).build()
                    : ListShardsRequest.builder().nextToken(next).build();
            ListShardsResponse page = kinesis.listShards(request).join();
            shards.addAll(page.shards());
            next = page.nextToken();
        } while (next != null);
        return shards;
    }

    /** Creates the table with KCL's keys and index; false when another worker created it first. */
    private static boolean create(DynamoDbAsyncClient dynamoDb, LeaseManagementConfig lease) {
        DynamoDBLeaseSerializer serializer = new DynamoDBLeaseSerializer();
        List<software.amazon.awssdk.services.dynamodb.model.AttributeDefinition> attributes =
                new ArrayList<>(serializer.getAttributeDefinitions());
        attributes.addAll(serializer.getWorkerIdToLeaseKeyIndexAttributeDefinitions());
        boolean provisioned = lease.billingMode() == BillingMode.PROVISIONED;
        ProvisionedThroughput throughput = provisioned ? ProvisionedThroughput.builder()
                .readCapacityUnits((long) lease.initialLeaseTableReadCapacity())
                .writeCapacityUnits((long) lease.initialLeaseTableWriteCapacity()).build() : null;
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(lease.tableName())
                .keySchema(serializer.getKeySchema())
                .attributeDefinitions(attributes)
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(LEASE_OWNER_INDEX)
                        .keySchema(serializer.getWorkerIdToLeaseKeyIndexKeySchema())
                        .projection(projection -> projection.projectionType(ProjectionType.KEYS_ONLY))
                        .provisionedThroughput(throughput)
                        .build())
                .deletionProtectionEnabled(lease.leaseTableDeletionProtectionEnabled())
                .billingMode(provisioned ? BillingMode.PROVISIONED : BillingMode.PAY_PER_REQUEST)
                .provisionedThroughput(throughput);
        if (lease.tags() != null && !lease.tags().isEmpty()) {
            request.tags(lease.tags());
        }
        try {
            dynamoDb.createTable(request.build()).join();
            return true;
        } catch (CompletionException e) {
            if (e.getCause() instanceof ResourceInUseException) {
                return false;
            }
            throw e;
        }
    }

    /** Waits until the table and its index are active; false after {@link #TABLE_TIMEOUT} or when stopping. */
    private static boolean awaitActive(DynamoDbAsyncClient dynamoDb, String name, BooleanSupplier stopping)
            throws InterruptedException {
        long deadline = System.nanoTime() + TABLE_TIMEOUT.toNanos();
        while (!stopping.getAsBoolean() && System.nanoTime() < deadline) {
            TableDescription table = describe(dynamoDb, name);
            GlobalSecondaryIndexDescription index = table == null ? null : index(table);
            if (table != null && table.tableStatus() == TableStatus.ACTIVE && index != null
                    && index.indexStatus() == IndexStatus.ACTIVE) {
                return true;
            }
            Thread.sleep(POLL.toMillis());
        }
        return false;
    }

    private static TableDescription describe(DynamoDbAsyncClient dynamoDb, String name) {
        try {
            return dynamoDb.describeTable(request -> request.tableName(name)).join().table();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ResourceNotFoundException) {
                return null;
            }
            throw e;
        }
    }

    private static GlobalSecondaryIndexDescription index(TableDescription table) {
        return table.globalSecondaryIndexes().stream().filter(index -> index.indexName().equals(LEASE_OWNER_INDEX))
                .findFirst().orElse(null);
    }
}
