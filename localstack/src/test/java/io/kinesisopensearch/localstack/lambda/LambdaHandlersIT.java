package io.kinesisopensearch.localstack.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.lambda.DynamoDbEventHandler;
import io.kinesisopensearch.lambda.KinesisEventHandler;
import io.kinesisopensearch.lambda.StreamEventWriter;
import io.kinesisopensearch.localstack.FreePorts;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.testing.Documents;
import io.kinesisopensearch.localstack.testing.Figures;
import io.kinesisopensearch.localstack.testing.Ledgers;
import io.kinesisopensearch.localstack.testing.Orders;
import io.kinesisopensearch.localstack.testing.Workers;
import io.kinesisopensearch.sink.batch.Ledger;
import io.kinesisopensearch.sink.bulk.WriteCounters;
import io.kinesisopensearch.sink.deadletter.DeadLetter;
import io.kinesisopensearch.sink.deadletter.LocalDirectoryDeadLetterSink;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A team keeps OpenSearch in step with a Lambda function per source, as an event-source mapping
 * calls it, against the real node: a Kinesis batch with a poison record and a document the index's
 * typed mapping refuses is answered with no batch item failure and loses nothing; a DynamoDB table's
 * INSERTs, MODIFYs and REMOVEs leave the index equal to the items' final state; with OpenSearch
 * away and little time left, the first record is answered as the failure, and the retry Lambda then
 * makes writes everything.
 */
@ExtendWith(LocalStackExtension.class)
class LambdaHandlersIT {

    private static final String SHARD = "shardId-000000000000";
    private static final BigInteger FIRST_SEQUENCE = new BigInteger("49590338271490256608559692538361571095921575989136588898");

    @Test
    void aKinesisBatchWithPoisonAndARefusedDocumentIsAnsweredWithoutFailuresAndLosesNothing(LocalStack stack)
            throws Exception {
        Figures figures = new Figures("lambda-kinesis-poison");
        String index = Workers.unique("lambda-orders");
        Orders.createStrictIndex(stack.openSearch(), index);
        Path deadLetters = stack.workDir().resolve(Workers.unique("lambda-dead-letters"));
        List<String> orders = new ArrayList<>();
        for (int number = 0; number < 300; number++) {
            orders.add(Orders.json(number));
        }
        orders.set(40, orders.get(40).substring(0, 30)); // not JSON: the mapping refuses it
        orders.set(200, orders.get(200).replaceFirst("\"amount\":[0-9.]+", "\"amount\":\"a lot\"")); // a double field

        StreamEventWriter writer = StreamEventWriter.from(Settings.of(settings(stack, index, deadLetters)));
        KinesisEventHandler handler = new KinesisEventHandler(writer);
        StreamsEventResponse response = handler.handleRequest(kinesisEvent(index, orders), context(300_000));

        assertThat(response.getBatchItemFailures()).as("poison goes to the dead letters, not into Lambda's retries")
                .isEmpty();
        assertThat(stack.searchableDocuments(index)).isEqualTo(298);
        List<DeadLetter> letters = new LocalDirectoryDeadLetterSink(deadLetters).readAll().stream()
                .flatMap(file -> file.letters().stream()).toList();
        assertThat(letters).extracting(letter -> letter.coordinates().partitionKey())
                .containsExactly(Orders.id(40), Orders.id(200));
        assertThat(letters.get(0).reason()).startsWith("bad JSON");
        assertThat(letters.get(1).reason()).contains("mapper_parsing_exception");
        assertThat(letters).allSatisfy(letter -> assertThat(letter.coordinates().shardId()).isEqualTo(SHARD));
        Ledger.Account records = Ledgers.assertBalanced(writer.sink().counters().snapshot());
        assertThat(records).isEqualTo(new Ledger.Account(300, 298, 0, 0, 2, 0, 0));
        writer.close();
        figures.put("records", orders.size())
                .put("indexed", stack.searchableDocuments(index))
                .put("deadLetters", letters.size())
                .put("batchItemFailures", response.getBatchItemFailures().size())
                .print();
    }

    @Test
    void dynamoDbChangesLeaveTheIndexEqualToTheItemsFinalState(LocalStack stack) throws Exception {
        Figures figures = new Figures("lambda-dynamodb-changes");
        String index = Workers.unique("lambda-items");
        Path deadLetters = stack.workDir().resolve(Workers.unique("lambda-dead-letters"));
        Map<String, String> values = settings(stack, index, deadLetters);
        values.remove("MAPPING_ID_POINTER");
        values.put("MAPPING_FORMAT", "dynamodb");
        StreamEventWriter writer = StreamEventWriter.from(Settings.of(values));
        DynamoDbEventHandler handler = new DynamoDbEventHandler(writer);
        Map<String, String> table = new TreeMap<>(); // the items' final state: key to message
        DynamoDbChanges changes = new DynamoDbChanges();
        // Three invocations, as Lambda would deliver a busy table's stream: items created, changed, removed, created again.
        for (int round = 0; round < 3; round++) {
            List<DynamodbEvent.DynamodbStreamRecord> batch = new ArrayList<>();
            for (int item = 0; item < 40; item++) {
                String key = "item-" + item;
                if ((item + round) % 5 == 0 && table.containsKey(key)) {
                    batch.add(changes.next("REMOVE", key, null));
                    table.remove(key);
                } else {
                    String message = "round " + round + " of " + key;
                    batch.add(changes.next(table.containsKey(key) ? "MODIFY" : "INSERT", key, message));
                    table.put(key, message);
                    if (item % 7 == 0) { // changed twice in one batch: only the later one may win
                        message = message + ", changed again";
                        batch.add(changes.next("MODIFY", key, message));
                        table.put(key, message);
                    }
                }
            }
            DynamodbEvent event = new DynamodbEvent();
            event.setRecords(batch);

            StreamsEventResponse response = handler.handleRequest(event, context(300_000));

            assertThat(response.getBatchItemFailures()).isEmpty();
        }

        Map<String, String> indexed = new TreeMap<>();
        for (Documents.Stored document : Documents.all(stack.openSearch(), index)) {
            indexed.put(document.id(), document.source().path("message").asText());
        }
        assertThat(indexed).isEqualTo(table);
        assertThat(new LocalDirectoryDeadLetterSink(deadLetters).readAll()).isEmpty();
        // An item changed twice in a batch: its first change is coalesced into the second, a record of its own.
        Ledger.Account records = Ledgers.assertBalanced(writer.sink().counters().snapshot());
        assertThat(records.received()).isEqualTo(changes.count);
        assertThat(records.coalesced()).as("changes replaced within their batch").isPositive();
        writer.close();
        figures.put("changes", changes.count)
                .put("ledger", '"' + records.toString() + '"')
                .put("itemsAtEnd", table.size())
                .put("documentsAtEnd", indexed.size())
                .print();
    }

    @Test
    void withOpenSearchAwayAndLittleTimeLeftTheFirstRecordIsTheFailureAndTheRetryWritesAll(LocalStack stack)
            throws Exception {
        Figures figures = new Figures("lambda-outage");
        String index = Workers.unique("lambda-outage");
        Path deadLetters = stack.workDir().resolve(Workers.unique("lambda-dead-letters"));
        List<String> orders = new ArrayList<>();
        for (int number = 0; number < 100; number++) {
            orders.add(Orders.json(number));
        }
        KinesisEvent event = kinesisEvent(index, orders);
        Map<String, String> away = settings(stack, index, deadLetters);
        away.put("OPENSEARCH_URL", "http://127.0.0.1:" + FreePorts.next());
        away.put("LAMBDA_TIME_RESERVE", "2s");

        // Built in Lambda's init phase, which the invocation's time does not count.
        StreamEventWriter awayWriter = StreamEventWriter.from(Settings.of(away));
        KinesisEventHandler handler = new KinesisEventHandler(awayWriter);
        long started = System.nanoTime();
        StreamsEventResponse response = handler.handleRequest(event, context(6_000));
        long answeredAfterMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(FIRST_SEQUENCE.toString());
        assertThat(answeredAfterMillis).as("answered before Lambda's timeout").isLessThan(6_000);
        assertThat(new LocalDirectoryDeadLetterSink(deadLetters).readAll()).as("an outage dead-letters nothing").isEmpty();
        WriteCounters.Snapshot whileAway = awayWriter.sink().counters().snapshot();
        assertThat(whileAway.recordsReceived()).isEqualTo(orders.size());
        assertThat(whileAway.recordsUnsettled()).as("pending: answered for Lambda to deliver again")
                .isEqualTo(orders.size());
        assertThat(whileAway.ledgerBreaks()).isZero();
        awayWriter.close();

        // Lambda delivers again from the failure, here the whole batch, once OpenSearch is back.
        StreamEventWriter backWriter = StreamEventWriter.from(Settings.of(settings(stack, index, deadLetters)));
        StreamsEventResponse retried = new KinesisEventHandler(backWriter).handleRequest(event, context(300_000));
        assertThat(Ledgers.assertBalanced(backWriter.sink().counters().snapshot()))
                .isEqualTo(new Ledger.Account(orders.size(), orders.size(), 0, 0, 0, 0, 0));
        backWriter.close();

        assertThat(retried.getBatchItemFailures()).isEmpty();
        assertThat(stack.searchableDocuments(index)).isEqualTo(orders.size());
        figures.put("records", orders.size())
                .put("timeLeftMillis", 6_000)
                .put("answeredAfterMillis", answeredAfterMillis)
                .put("failureAtFirstRecord", true)
                .put("indexedAfterRetry", stack.searchableDocuments(index))
                .print();
    }

    private static Map<String, String> settings(LocalStack stack, String index, Path deadLetters) {
        Map<String, String> settings = new HashMap<>(stack.workerSettings());
        settings.put("OPENSEARCH_INDEX", index);
        settings.put("MAPPING_ID_POINTER", "/orderId");
        settings.put("DEADLETTER_URI", "file:" + deadLetters);
        settings.put("BULK_MAX_ACTIONS", "100");
        return settings;
    }


    /** One shard's records as a Kinesis event-source mapping delivers them. */
    private static KinesisEvent kinesisEvent(String stream, List<String> payloads) {
        List<KinesisEvent.KinesisEventRecord> records = new ArrayList<>();
        for (int number = 0; number < payloads.size(); number++) {
            String sequence = FIRST_SEQUENCE.add(BigInteger.valueOf(number)).toString();
            KinesisEvent.Record kinesis = new KinesisEvent.Record();
            kinesis.setData(ByteBuffer.wrap(payloads.get(number).getBytes(StandardCharsets.UTF_8)));
            kinesis.setSequenceNumber(sequence);
            kinesis.setPartitionKey(Orders.id(number));
            kinesis.setApproximateArrivalTimestamp(new Date());
            KinesisEvent.KinesisEventRecord record = new KinesisEvent.KinesisEventRecord();
            record.setKinesis(kinesis);
            record.setEventSource("aws:kinesis");
            record.setEventID(SHARD + ":" + sequence);
            record.setEventSourceARN("arn:aws:kinesis:us-east-1:000000000000:stream/" + stream);
            records.add(record);
        }
        KinesisEvent event = new KinesisEvent();
        event.setRecords(records);
        return event;
    }

    /** DynamoDB Streams records of a table whose items are a key and a message, one change a millisecond apart. */
    private static final class DynamoDbChanges {
        private long sequence = 100_000_000_000L;
        private long time = System.currentTimeMillis();
        private int count;

        DynamodbEvent.DynamodbStreamRecord next(String eventName, String key, String message) {
            count++;
            Map<String, AttributeValue> keys = Map.of("pk", new AttributeValue().withS(key));
            StreamRecord change = new StreamRecord().withKeys(keys).withSequenceNumber(Long.toString(sequence++))
                    .withApproximateCreationDateTime(new Date(time++)).withStreamViewType(StreamViewType.NEW_IMAGE);
            if (message != null) {
                Map<String, AttributeValue> image = new LinkedHashMap<>(keys);
                image.put("message", new AttributeValue().withS(message));
                change.setNewImage(image);
            }
            DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
            record.setEventName(eventName);
            record.setEventSource("aws:dynamodb");
            record.setAwsRegion("us-east-1");
            record.setEventSourceARN("arn:aws:dynamodb:us-east-1:000000000000:table/Items/stream/2026-11-24T00:00:00.000");
            record.setDynamodb(change);
            return record;
        }
    }

    /** The invocation's context: only its remaining time matters to the handlers. */
    private static Context context(long remainingMillis) {
        long end = System.currentTimeMillis() + remainingMillis;
        return (Context) Proxy.newProxyInstance(LambdaHandlersIT.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRemainingTimeInMillis" -> (int) Math.max(0, end - System.currentTimeMillis());
                    case "getMemoryLimitInMB" -> 1024;
                    case "toString" -> "test context";
                    default -> null;
                });
    }
}
