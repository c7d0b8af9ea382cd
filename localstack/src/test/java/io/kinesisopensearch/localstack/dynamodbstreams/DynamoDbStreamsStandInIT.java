package io.kinesisopensearch.localstack.dynamodbstreams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.localstack.BuildLayout;
import io.kinesisopensearch.localstack.Dynalite;
import io.kinesisopensearch.localstack.dynamodbstreams.DynamoDbStreamsStandIn;
import io.kinesisopensearch.localstack.testing.Workers;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardFilterType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The DynamoDB Streams stand-in against a real dynalite, through the AWS SDK's own DynamoDB and
 * DynamoDB Streams clients, each behaviour checked against what AWS documents: the table's stream
 * in DescribeTable, the images of each view type, each write API, an item's order, the iterator
 * types, pagination, shard rollover, iterator expiry, trimming and the error shape.
 */
class DynamoDbStreamsStandInIT {

    private static final String ARN_PATTERN =
            "arn:aws:dynamodb:us-east-1:[0-9]{12}:table/%s/stream/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}";

    private static Dynalite dynalite;
    private DynamoDbStreamsStandIn standIn;
    private DynamoDbClient dynamoDb;
    private DynamoDbStreamsClient streams;

    @BeforeAll
    static void startDynalite() throws Exception {
        dynalite = Dynalite.start(BuildLayout.dynaliteCli(), BuildLayout.workDir());
    }

    @AfterAll
    static void stopDynalite() {
        dynalite.close();
    }

    @AfterEach
    void stopStandIn() {
        if (standIn != null) {
            dynamoDb.close();
            streams.close();
            standIn.close();
        }
    }

    private void start(Consumer<DynamoDbStreamsStandIn> timing) {
        standIn = DynamoDbStreamsStandIn.start(dynalite.endpoint(), DynamoDbStreamsStandIn.Settings.defaults());
        timing.accept(standIn);
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        dynamoDb = DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(standIn.endpoint()).region(Region.US_EAST_1).credentialsProvider(credentials).build();
        streams = DynamoDbStreamsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(standIn.endpoint()).region(Region.US_EAST_1).credentialsProvider(credentials).build();
    }

    private void start() {
        start(standIn -> { });
    }

    // ---- the table's stream ----

    @Test
    void describeTableNamesTheStreamAsAwsDoesAndUpdateTableDisablesAndEnablesIt() {
        start();
        String table = Workers.unique("books");
        CreateTableResponse created = createTable(table, StreamViewType.NEW_AND_OLD_IMAGES);
        String arn = created.tableDescription().latestStreamArn();
        assertThat(arn).matches(String.format(ARN_PATTERN, table));
        assertThat(arn).endsWith("/stream/" + created.tableDescription().latestStreamLabel());
        TableDescription described = dynamoDb.describeTable(request -> request.tableName(table)).table();
        assertThat(described.latestStreamArn()).isEqualTo(arn);
        assertThat(described.streamSpecification().streamEnabled()).isTrue();
        assertThat(described.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(streams.listStreams(request -> request.tableName(table)).streams())
                .singleElement().satisfies(stream -> assertThat(stream.streamArn()).isEqualTo(arn));

        // Enabling an enabled stream is refused; disabling keeps the stream readable, its shard closed.
        assertThatThrownBy(() -> dynamoDb.updateTable(request -> request.tableName(table).streamSpecification(
                spec -> spec.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY))))
                .isInstanceOfSatisfying(DynamoDbException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        TableDescription disabled = dynamoDb.updateTable(request -> request.tableName(table)
                .streamSpecification(spec -> spec.streamEnabled(false))).tableDescription();
        assertThat(disabled.streamSpecification()).isNull();
        assertThat(disabled.latestStreamArn()).isEqualTo(arn);
        StreamDescription old = streams.describeStream(request -> request.streamArn(arn)).streamDescription();
        assertThat(old.streamStatus()).isEqualTo(StreamStatus.DISABLED);
        assertThat(old.shards()).allSatisfy(shard -> assertThat(shard.sequenceNumberRange().endingSequenceNumber()).isNotNull());
        put(table, "a", "1");
        assertThat(readAll(arn)).isEmpty();

        TableDescription enabled = dynamoDb.updateTable(request -> request.tableName(table).streamSpecification(
                spec -> spec.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY))).tableDescription();
        assertThat(enabled.latestStreamArn()).matches(String.format(ARN_PATTERN, table)).isNotEqualTo(arn);
        assertThat(enabled.streamSpecification().streamViewType()).isEqualTo(StreamViewType.KEYS_ONLY);
        assertThat(streams.listStreams(request -> request.tableName(table)).streams()).hasSize(2);

        // A table without a stream has none; a deleted table's stream is disabled and still listed.
        String plain = Workers.unique("plain");
        assertThat(createTable(plain, null).tableDescription().latestStreamArn()).isNull();
        assertThat(dynamoDb.describeTable(request -> request.tableName(plain)).table().streamSpecification()).isNull();
        dynamoDb.deleteTable(request -> request.tableName(table));
        assertThat(streams.describeStream(request -> request.streamArn(enabled.latestStreamArn())).streamDescription()
                .streamStatus()).isEqualTo(StreamStatus.DISABLED);
    }

    // ---- records ----

    @ParameterizedTest
    @EnumSource(value = StreamViewType.class, names = {"KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"})
    void eachViewTypeCarriesTheImagesItNames(StreamViewType viewType) {
        start();
        String table = Workers.unique("view");
        String arn = createTable(table, viewType).tableDescription().latestStreamArn();
        long before = Instant.now().getEpochSecond();
        put(table, "a", "1");
        dynamoDb.updateItem(request -> request.tableName(table).key(key("a"))
                .updateExpression("SET title = :t").expressionAttributeValues(Map.of(":t", AttributeValue.fromS("2"))));
        dynamoDb.deleteItem(request -> request.tableName(table).key(key("a")));
        long after = Instant.now().getEpochSecond();

        List<Record> records = readAll(arn);
        assertThat(records).extracting(Record::eventName)
                .containsExactly(OperationType.INSERT, OperationType.MODIFY, OperationType.REMOVE);
        boolean newImages = viewType == StreamViewType.NEW_IMAGE || viewType == StreamViewType.NEW_AND_OLD_IMAGES;
        boolean oldImages = viewType == StreamViewType.OLD_IMAGE || viewType == StreamViewType.NEW_AND_OLD_IMAGES;
        List<BigInteger> sequenceNumbers = new ArrayList<>();
        for (Record record : records) {
            assertThat(record.eventSource()).isEqualTo("aws:dynamodb");
            assertThat(record.eventVersion()).isEqualTo("1.1");
            assertThat(record.awsRegion()).isEqualTo("us-east-1");
            assertThat(record.eventID()).isNotBlank();
            assertThat(record.dynamodb().keys()).isEqualTo(key("a"));
            assertThat(record.dynamodb().streamViewType()).isEqualTo(viewType);
            assertThat(record.dynamodb().sizeBytes()).isPositive();
            assertThat(record.dynamodb().sequenceNumber()).matches("[0-9]{21,40}");
            sequenceNumbers.add(new BigInteger(record.dynamodb().sequenceNumber()));
            Instant created = record.dynamodb().approximateCreationDateTime();
            assertThat(created.getNano()).as("whole seconds").isZero();
            assertThat(created.getEpochSecond()).isBetween(before, after);
        }
        assertThat(sequenceNumbers).isSorted().doesNotHaveDuplicates();
        assertThat(records).extracting(Record::eventID).doesNotHaveDuplicates();
        Record insert = records.get(0);
        Record modify = records.get(1);
        Record remove = records.get(2);
        assertThat(insert.dynamodb().hasOldImage()).isFalse();
        assertThat(remove.dynamodb().hasNewImage()).isFalse();
        assertThat(insert.dynamodb().hasNewImage()).isEqualTo(newImages);
        assertThat(modify.dynamodb().hasNewImage()).isEqualTo(newImages);
        assertThat(modify.dynamodb().hasOldImage()).isEqualTo(oldImages);
        assertThat(remove.dynamodb().hasOldImage()).isEqualTo(oldImages);
        if (newImages) {
            assertThat(modify.dynamodb().newImage()).containsEntry("title", AttributeValue.fromS("2"));
        }
        if (oldImages) {
            assertThat(modify.dynamodb().oldImage()).containsEntry("title", AttributeValue.fromS("1"));
            assertThat(remove.dynamodb().oldImage()).containsEntry("title", AttributeValue.fromS("2"));
        }
    }

    @Test
    void everyWriteApiRecordsWhatChangedAndNothingElse() {
        start();
        String table = Workers.unique("writes");
        String arn = createTable(table, StreamViewType.NEW_AND_OLD_IMAGES).tableDescription().latestStreamArn();
        put(table, "a", "1");
        // An identical item, a failed condition, a delete of nothing: no change, no record.
        put(table, "a", "1");
        assertThatThrownBy(() -> dynamoDb.putItem(request -> request.tableName(table).item(item("a", "9"))
                .conditionExpression("attribute_not_exists(id)"))).isInstanceOf(ConditionalCheckFailedException.class);
        dynamoDb.deleteItem(request -> request.tableName(table).key(key("nothing")));
        dynamoDb.updateItem(request -> request.tableName(table).key(key("a"))
                .updateExpression("SET title = :t").expressionAttributeValues(Map.of(":t", AttributeValue.fromS("2"))));
        dynamoDb.batchWriteItem(request -> request.requestItems(Map.of(table, List.of(
                WriteRequest.builder().putRequest(PutRequest.builder().item(item("b", "1")).build()).build(),
                WriteRequest.builder().putRequest(PutRequest.builder().item(item("c", "1")).build()).build(),
                WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key("a")).build()).build()))));
        dynamoDb.transactWriteItems(request -> request.transactItems(
                TransactWriteItem.builder().put(put -> put.tableName(table).item(item("d", "1"))).build(),
                TransactWriteItem.builder().update(update -> update.tableName(table).key(key("b"))
                        .updateExpression("SET title = :t").expressionAttributeValues(Map.of(":t", AttributeValue.fromS("3"))))
                        .build(),
                TransactWriteItem.builder().delete(delete -> delete.tableName(table).key(key("c"))).build(),
                TransactWriteItem.builder().conditionCheck(check -> check.tableName(table).key(key("x"))
                        .conditionExpression("attribute_not_exists(id)")).build()));
        // A cancelled transaction changes nothing, records nothing, and names the failed condition.
        assertThatThrownBy(() -> dynamoDb.transactWriteItems(request -> request.transactItems(
                TransactWriteItem.builder().put(put -> put.tableName(table).item(item("e", "1"))).build(),
                TransactWriteItem.builder().conditionCheck(check -> check.tableName(table).key(key("d"))
                        .conditionExpression("attribute_not_exists(id)")).build())))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> assertThat(e.cancellationReasons())
                        .extracting(reason -> reason.code()).containsExactly("None", "ConditionalCheckFailed"));
        assertThat(dynamoDb.getItem(request -> request.tableName(table).key(key("e")).consistentRead(true)).hasItem())
                .isFalse();
        assertThat(dynamoDb.getItem(request -> request.tableName(table).key(key("x")).consistentRead(true)).hasItem())
                .as("the condition check's item").isFalse();

        assertThat(readAll(arn)).extracting(record -> record.eventName() + " " + record.dynamodb().keys().get("id").s())
                .containsExactly("INSERT a", "MODIFY a", "INSERT b", "INSERT c", "REMOVE a", "INSERT d", "MODIFY b",
                        "REMOVE c");
    }

    @Test
    void anItemsRecordsAreInTheOrderOfItsWrites() throws Exception {
        start();
        String table = Workers.unique("order");
        String arn = createTable(table, StreamViewType.NEW_IMAGE).tableDescription().latestStreamArn();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int writer = 0; writer < 4; writer++) {
                String id = "item" + writer;
                done.add(writers.submit(() -> {
                    for (int version = 1; version <= 40; version++) {
                        put(table, id, Integer.toString(version));
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            writers.shutdownNow();
        }
        Map<String, List<Integer>> versions = new HashMap<>();
        for (Record record : readAll(arn)) {
            versions.computeIfAbsent(record.dynamodb().keys().get("id").s(), id -> new ArrayList<>())
                    .add(Integer.parseInt(record.dynamodb().newImage().get("title").s()));
        }
        assertThat(versions).hasSize(4);
        assertThat(versions.values()).allSatisfy(list -> assertThat(list).isSorted().hasSize(40));
    }

    // ---- reading ----

    @Test
    void eachIteratorTypeStartsWhereAwsSays() {
        start();
        String table = Workers.unique("iterators");
        String arn = createTable(table, StreamViewType.KEYS_ONLY).tableDescription().latestStreamArn();
        String shardId = streams.describeStream(request -> request.streamArn(arn)).streamDescription().shards().get(0).shardId();
        String latest = iterator(arn, shardId, ShardIteratorType.LATEST, null);
        for (String id : List.of("a", "b", "c")) {
            put(table, id, "1");
        }
        List<Record> all = records(iterator(arn, shardId, ShardIteratorType.TRIM_HORIZON, null), 1000);
        assertThat(all).extracting(record -> record.dynamodb().keys().get("id").s()).containsExactly("a", "b", "c");
        String second = all.get(1).dynamodb().sequenceNumber();
        assertThat(records(iterator(arn, shardId, ShardIteratorType.AT_SEQUENCE_NUMBER, second), 1000))
                .extracting(record -> record.dynamodb().keys().get("id").s()).containsExactly("b", "c");
        assertThat(records(iterator(arn, shardId, ShardIteratorType.AFTER_SEQUENCE_NUMBER, second), 1000))
                .extracting(record -> record.dynamodb().keys().get("id").s()).containsExactly("c");
        // LATEST, taken before the writes, reads them; taken now, only what comes next.
        assertThat(records(latest, 1000)).hasSize(3);
        String now = iterator(arn, shardId, ShardIteratorType.LATEST, null);
        put(table, "d", "1");
        assertThat(records(now, 1000)).extracting(record -> record.dynamodb().keys().get("id").s()).containsExactly("d");
        // Limit pages through the shard with NextShardIterator, and an open shard always gives one.
        GetRecordsResponse page = streams.getRecords(request -> request.shardIterator(
                iterator(arn, shardId, ShardIteratorType.TRIM_HORIZON, null)).limit(1));
        assertThat(page.records()).hasSize(1);
        GetRecordsResponse next = streams.getRecords(request -> request.shardIterator(page.nextShardIterator()).limit(2));
        assertThat(next.records()).extracting(record -> record.dynamodb().keys().get("id").s()).containsExactly("b", "c");
        assertThat(next.nextShardIterator()).isNotNull();
        assertThatThrownBy(() -> streams.getRecords(request -> request.shardIterator(next.nextShardIterator()).limit(1001)))
                .isInstanceOfSatisfying(DynamoDbException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    }

    @Test
    void listStreamsAndDescribeStreamPageAsAwsDoes() {
        start(standIn -> standIn.rolloverInterval(Duration.ofMillis(300)));
        List<String> tables = List.of(Workers.unique("page"), Workers.unique("page"), Workers.unique("page"));
        for (String table : tables) {
            createTable(table, StreamViewType.KEYS_ONLY);
        }
        List<String> listed = new ArrayList<>();
        String start = null;
        do {
            String from = start;
            var page = streams.listStreams(request -> request.limit(1).exclusiveStartStreamArn(from));
            assertThat(page.streams()).hasSizeLessThanOrEqualTo(1);
            page.streams().forEach(stream -> listed.add(stream.tableName()));
            start = page.lastEvaluatedStreamArn();
        } while (start != null);
        assertThat(listed).containsAll(tables);

        String arn = dynamoDb.describeTable(request -> request.tableName(tables.get(0))).table().latestStreamArn();
        sleep(Duration.ofMillis(1_600));
        List<Shard> all = streams.describeStream(request -> request.streamArn(arn)).streamDescription().shards();
        assertThat(all.size()).isGreaterThanOrEqualTo(4);
        List<Shard> paged = new ArrayList<>();
        String shardStart = null;
        do {
            String from = shardStart;
            StreamDescription page = streams.describeStream(request -> request.streamArn(arn).limit(2)
                    .exclusiveStartShardId(from)).streamDescription();
            assertThat(page.shards()).hasSizeLessThanOrEqualTo(2);
            paged.addAll(page.shards());
            shardStart = page.lastEvaluatedShardId();
        } while (shardStart != null && paged.size() < all.size());
        assertThat(paged.subList(0, all.size())).extracting(Shard::shardId)
                .containsExactlyElementsOf(all.stream().map(Shard::shardId).toList());
        // CHILD_SHARDS: the shard that replaced the first.
        List<Shard> children = streams.describeStream(request -> request.streamArn(arn).shardFilter(filter -> filter
                .type(ShardFilterType.CHILD_SHARDS).shardId(all.get(0).shardId()))).streamDescription().shards();
        assertThat(children).singleElement().satisfies(child -> {
            assertThat(child.shardId()).isEqualTo(all.get(1).shardId());
            assertThat(child.parentShardId()).isEqualTo(all.get(0).shardId());
        });
    }

    // ---- the service's clock ----

    @Test
    void shardsRollOverIntoChildrenThatNameTheirParent() {
        start(standIn -> standIn.rolloverInterval(Duration.ofSeconds(1)));
        String table = Workers.unique("rollover");
        String arn = createTable(table, StreamViewType.NEW_IMAGE).tableDescription().latestStreamArn();
        int written = 0;
        long until = System.nanoTime() + Duration.ofMillis(3_500).toNanos();
        while (System.nanoTime() < until) {
            put(table, "item" + written % 3, Integer.toString(written));
            written++;
            sleep(Duration.ofMillis(50));
        }
        List<Shard> shards = streams.describeStream(request -> request.streamArn(arn)).streamDescription().shards();
        assertThat(shards.size()).isGreaterThanOrEqualTo(3);
        assertThat(shards.get(0).parentShardId()).isNull();
        for (int i = 1; i < shards.size(); i++) {
            assertThat(shards.get(i).parentShardId()).isEqualTo(shards.get(i - 1).shardId());
        }
        for (int i = 0; i < shards.size(); i++) {
            Shard shard = shards.get(i);
            BigInteger startNumber = new BigInteger(shard.sequenceNumberRange().startingSequenceNumber());
            String ending = shard.sequenceNumberRange().endingSequenceNumber();
            boolean last = i == shards.size() - 1;
            if (!last) {
                assertThat(ending).as("a closed shard's ending sequence number").isNotNull();
                // Read to its end, a closed shard gives no next iterator.
                String position = iterator(arn, shard.shardId(), ShardIteratorType.TRIM_HORIZON, null);
                GetRecordsResponse response = streams.getRecords(request -> request.shardIterator(position).limit(1000));
                List<Record> records = response.records();
                assertThat(response.nextShardIterator()).isNull();
                BigInteger end = new BigInteger(ending);
                assertThat(records).allSatisfy(record -> assertThat(new BigInteger(record.dynamodb().sequenceNumber()))
                        .isBetween(startNumber, end));
                BigInteger nextStart = new BigInteger(shards.get(i + 1).sequenceNumberRange().startingSequenceNumber());
                assertThat(nextStart).isGreaterThan(end);
            } else {
                assertThat(ending).as("the open shard").isNull();
            }
        }
        // Parents before children: every write, in order.
        List<Record> records = readAll(arn);
        assertThat(records).hasSize(written);
        assertThat(records).extracting(record -> Integer.parseInt(record.dynamodb().newImage().get("title").s()))
                .isSorted();
    }

    @Test
    void anIteratorExpires() {
        start(standIn -> standIn.iteratorLifetime(Duration.ofSeconds(1)));
        String table = Workers.unique("expiry");
        String arn = createTable(table, StreamViewType.KEYS_ONLY).tableDescription().latestStreamArn();
        String shardId = streams.describeStream(request -> request.streamArn(arn)).streamDescription().shards().get(0).shardId();
        String position = iterator(arn, shardId, ShardIteratorType.TRIM_HORIZON, null);
        assertThat(streams.getRecords(request -> request.shardIterator(position)).nextShardIterator()).isNotNull();
        sleep(Duration.ofMillis(1_500));
        assertThatThrownBy(() -> streams.getRecords(request -> request.shardIterator(position)))
                .isInstanceOfSatisfying(ExpiredIteratorException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(400));
    }

    @Test
    void recordsPastTheRetentionAreTrimmed() {
        start(standIn -> standIn.retention(Duration.ofSeconds(2)));
        String table = Workers.unique("trim");
        String arn = createTable(table, StreamViewType.KEYS_ONLY).tableDescription().latestStreamArn();
        String shardId = streams.describeStream(request -> request.streamArn(arn)).streamDescription().shards().get(0).shardId();
        String early = iterator(arn, shardId, ShardIteratorType.TRIM_HORIZON, null);
        put(table, "old", "1");
        String oldNumber = records(iterator(arn, shardId, ShardIteratorType.TRIM_HORIZON, null), 10).get(0)
                .dynamodb().sequenceNumber();
        sleep(Duration.ofMillis(2_500));
        put(table, "new", "1");
        assertThat(records(iterator(arn, shardId, ShardIteratorType.TRIM_HORIZON, null), 10))
                .extracting(record -> record.dynamodb().keys().get("id").s()).containsExactly("new");
        assertThatThrownBy(() -> iterator(arn, shardId, ShardIteratorType.AT_SEQUENCE_NUMBER, oldNumber))
                .isInstanceOf(TrimmedDataAccessException.class);
        assertThatThrownBy(() -> streams.getRecords(request -> request.shardIterator(early)))
                .isInstanceOfSatisfying(TrimmedDataAccessException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
        // A closed shard past the retention is gone from DescribeStream.
        standIn.rolloverInterval(Duration.ofMillis(200));
        sleep(Duration.ofMillis(2_800));
        assertThat(streams.describeStream(request -> request.streamArn(arn)).streamDescription().shards())
                .extracting(Shard::shardId).doesNotContain(shardId);
    }

    @Test
    void errorsHaveAwsJsonShapeAndStatus() throws Exception {
        start();
        String missing = "arn:aws:dynamodb:us-east-1:123456789012:table/none/stream/2026-01-01T00:00:00.000";
        assertThatThrownBy(() -> streams.describeStream(request -> request.streamArn(missing)))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
        HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(standIn.endpoint())
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDBStreams_20120810.GetRecords")
                .POST(HttpRequest.BodyPublishers.ofString("{\"ShardIterator\":\"not an iterator\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(400);
        assertThat(raw.body()).contains("\"__type\":\"com.amazonaws.dynamodb.v20120810#ValidationException\"")
                .contains("\"message\":");
    }

    // ---- helpers ----

    private CreateTableResponse createTable(String table, StreamViewType viewType) {
        CreateTableResponse response = dynamoDb.createTable(request -> {
            request.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("id")
                            .attributeType(ScalarAttributeType.S).build());
            if (viewType != null) {
                request.streamSpecification(spec -> spec.streamEnabled(true).streamViewType(viewType));
            }
        });
        dynamoDb.waiter().waitUntilTableExists(request -> request.tableName(table));
        return response;
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("id", AttributeValue.fromS(id));
    }

    private static Map<String, AttributeValue> item(String id, String title) {
        return Map.of("id", AttributeValue.fromS(id), "title", AttributeValue.fromS(title));
    }

    private void put(String table, String id, String title) {
        dynamoDb.putItem(request -> request.tableName(table).item(item(id, title)));
    }

    private String iterator(String arn, String shardId, ShardIteratorType type, String sequenceNumber) {
        return streams.getShardIterator(request -> request.streamArn(arn).shardId(shardId).shardIteratorType(type)
                .sequenceNumber(sequenceNumber)).shardIterator();
    }

    /** Reads from {@code position} until a read returns nothing. */
    private List<Record> records(String position, int limit) {
        List<Record> records = new ArrayList<>();
        String next = position;
        while (next != null) {
            String current = next;
            GetRecordsResponse response = streams.getRecords(request -> request.shardIterator(current).limit(limit));
            records.addAll(response.records());
            next = response.records().isEmpty() ? null : response.nextShardIterator();
        }
        return records;
    }

    /** Every record of the stream, shard by shard from the first, parents before their children. */
    private List<Record> readAll(String arn) {
        List<Shard> shards = new ArrayList<>();
        String start = null;
        do {
            String from = start;
            StreamDescription page = streams.describeStream(request -> request.streamArn(arn).exclusiveStartShardId(from))
                    .streamDescription();
            shards.addAll(page.shards());
            start = page.lastEvaluatedShardId();
        } while (start != null);
        List<Record> records = new ArrayList<>();
        for (Shard shard : shards) {
            records.addAll(records(iterator(arn, shard.shardId(), ShardIteratorType.TRIM_HORIZON, null), 1000));
        }
        return records;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
