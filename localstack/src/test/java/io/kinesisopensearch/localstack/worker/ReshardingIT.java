package io.kinesisopensearch.localstack.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kinesisopensearch.consumer.ConsumerWorker;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.StreamProducer;
import io.kinesisopensearch.localstack.testing.Documents;
import io.kinesisopensearch.localstack.testing.Figures;
import io.kinesisopensearch.localstack.testing.Ledgers;
import io.kinesisopensearch.localstack.testing.Workers;
import io.kinesisopensearch.sink.batch.Ledger;
import io.kinesisopensearch.sink.bulk.WriteCounters;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * A shard is split while events flow. Every event is indexed, and for each key OpenSearch applied
 * the events in the order Kinesis holds them: the parent shard's before its children's.
 */
@ExtendWith(LocalStackExtension.class)
class ReshardingIT {

    private static final int KEYS = 40;
    private static final int VERSIONS_BEFORE = 25;
    private static final int VERSIONS_AFTER = 25;

    @Test
    void aSplitMidStreamLosesNothingAndKeepsEachKeysOrder(LocalStack stack) throws Exception {
        Figures figures = new Figures("resharding");
        String stream = Workers.unique("resharded");
        String index = stream;
        stack.createStream(stream, 2);
        stack.leaseTable(stream).prepareWithLeases(stream);
        Map<String, String> settings = Workers.settings(stack, stream, stream, index);
        settings.put("MAPPING_ID_POINTER", "/eventId");
        StreamProducer producer = new StreamProducer(stack.kinesis(), stream);
        ConsumerWorker worker = Workers.start(settings);

        producer.put(events(1, VERSIONS_BEFORE));
        Shard parent = stack.kinesis().listShards(list -> list.streamName(stream)).shards().get(0);
        BigInteger low = new BigInteger(parent.hashKeyRange().startingHashKey());
        BigInteger high = new BigInteger(parent.hashKeyRange().endingHashKey());
        stack.kinesis().splitShard(split -> split.streamName(stream).shardToSplit(parent.shardId())
                .newStartingHashKey(low.add(high).shiftRight(1).toString()));
        await().atMost(Duration.ofSeconds(30)).until(() -> stack.kinesis().listShards(list -> list.streamName(stream))
                .shards().size() == 4);
        producer.put(events(VERSIONS_BEFORE + 1, VERSIONS_AFTER));

        int total = KEYS * (VERSIONS_BEFORE + VERSIONS_AFTER);
        await().atMost(Duration.ofMinutes(3)).until(() -> stack.searchableDocuments(index) == total);
        await().atMost(Duration.ofMinutes(1)).until(() ->
                "SHARD_END".equals(stack.leaseTable(stream).checkpoints().get(parent.shardId())));
        Ledger.Account records = Ledgers.assertBalancedThroughShutdown(worker);
        WriteCounters.Snapshot stats = worker.stats().snapshot();
        assertThat(records.received()).as("records received, the parent's and the children's")
                .isGreaterThanOrEqualTo(total);

        List<Documents.Stored> documents = Documents.all(stack.openSearch(), index);
        assertThat(documents).hasSize(total);
        Map<String, List<Documents.Stored>> byKey = documents.stream()
                .collect(Collectors.groupingBy(document -> document.source().get("key").asText()));
        for (List<Documents.Stored> events : byKey.values()) {
            List<Integer> applied = events.stream().sorted(Comparator.comparingLong(Documents.Stored::seqNo))
                    .map(document -> document.source().get("version").asInt()).toList();
            assertThat(applied).as("versions of one key in the order OpenSearch applied them").isSorted();
        }
        assertThat(stack.leaseTable(stream).checkpoints()).hasSize(4);
        figures.put("produced", producer.produced())
                .put("indexed", documents.size())
                .put("keys", byKey.size())
                .put("shardsAfterSplit", stack.leaseTable(stream).checkpoints().size())
                .put("shardsProcessed", stats.shardsStarted())
                .put("perKeyOrderKept", true)
                .put("deadLetters", stats.deadLetters())
                .put("retries", stats.retries())
                .put("ledger", '"' + records.toString() + '"')
                .print();
    }

    /** Versions {@code from} to {@code from + count - 1} of every key, each key's versions in order. */
    private static List<StreamProducer.Entry> events(int from, int count) {
        List<StreamProducer.Entry> events = new ArrayList<>();
        for (int version = from; version < from + count; version++) {
            for (int key = 0; key < KEYS; key++) {
                String name = String.format("key-%02d", key);
                String json = String.format("{\"eventId\":\"%s-v%03d\",\"key\":\"%s\",\"version\":%d}",
                        name, version, name, version);
                events.add(new StreamProducer.Entry(name, json.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return events;
    }
}
