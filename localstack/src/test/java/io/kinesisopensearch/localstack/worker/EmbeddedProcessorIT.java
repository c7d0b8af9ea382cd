package io.kinesisopensearch.localstack.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.consumer.processor.OpenSearchRecordProcessorFactory;
import io.kinesisopensearch.localstack.LocalStack;
import io.kinesisopensearch.localstack.LocalStackExtension;
import io.kinesisopensearch.localstack.StreamProducer;
import io.kinesisopensearch.localstack.testing.Documents;
import io.kinesisopensearch.localstack.testing.Orders;
import io.kinesisopensearch.localstack.testing.Workers;
import io.kinesisopensearch.mapping.DocumentHook;
import io.kinesisopensearch.mapping.MappingConfig;
import io.kinesisopensearch.mapping.MappingHooks;
import io.kinesisopensearch.sink.OpenSearchSink;
import io.kinesisopensearch.sink.bulk.WriteCounters;
import io.kinesisopensearch.sink.client.OpenSearchConfig;
import io.kinesisopensearch.sink.deadletter.DeadLetter;
import io.kinesisopensearch.sink.deadletter.DeadLetterSink;
import io.kinesisopensearch.sink.deadletter.LocalDirectoryDeadLetterSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.leases.LeaseAssignmentStrategy;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * A team that already runs a KCL application takes the library's shard processor into it: its own
 * KCL clients, its own {@link ConfigsBuilder} and {@link Scheduler} (its lease table, its KCL
 * settings, its metrics), the processor factory from {@link OpenSearchRecordProcessorFactory#builder()},
 * and a mapping hook of its own that adds a computed field, prices with VAT. An order the hook cannot
 * price is a dead letter naming the hook's exception, and the shard goes on.
 */
@ExtendWith(LocalStackExtension.class)
class EmbeddedProcessorIT {

    private static final int ORDERS = 5_000;
    private static final int SHARDS = 2;
    private static final BigDecimal VAT = new BigDecimal("1.20");

    /** The team's own mapping code: what settings cannot say. */
    private static final DocumentHook WITH_VAT = document -> {
        ObjectNode order = document.fields();
        if (!order.hasNonNull("amount")) {
            throw new IllegalArgumentException("order " + order.path("orderId").asText() + " has no amount to tax");
        }
        order.put("amountWithVat", order.get("amount").decimalValue().multiply(VAT).setScale(2, RoundingMode.HALF_UP));
    };

    @Test
    void theTeamsOwnSchedulerWritesEachOrderOnceWithItsComputedFieldAndDeadLettersWhatItsHookRefuses(LocalStack stack)
            throws Exception {
        String stream = Workers.unique("embedded");
        String application = Workers.unique("team-indexer");
        String index = Workers.unique("orders");
        Path deadLetterDir = stack.workDir().resolve("dead-letters").resolve(stream);
        stack.createStream(stream, SHARDS);
        StreamProducer producer = new StreamProducer(stack.kinesis(), stream);
        List<StreamProducer.Entry> records = new ArrayList<>(Orders.range(0, ORDERS));
        for (int unpriced = 0; unpriced < 3; unpriced++) {
            records.add(Orders.entry(ORDERS + unpriced, "{\"orderId\":\"" + Orders.id(ORDERS + unpriced)
                    + "\",\"customer\":\"Customer\",\"status\":\"QUOTE\"}"));
        }
        producer.put(records);

        // The library's part: a sink and the processors, with the team's hook in the mapping.
        OpenSearchSink sink = OpenSearchSink.builder()
                .openSearch(OpenSearchConfig.from(Settings.of(Map.of("opensearch.url", stack.openSearchEndpoint().toString()))))
                .deadLetters(new LocalDirectoryDeadLetterSink(deadLetterDir))
                .build();
        MappingConfig mapping = new MappingConfig(index, Optional.of(JsonPointer.compile("/orderId")))
                .withHooks(MappingHooks.of(WITH_VAT));
        ShardRecordProcessorFactory processors = OpenSearchRecordProcessorFactory.builder()
                .sink(sink).stream(stream, mapping).meterRegistry(new SimpleMeterRegistry()).build();

        // The team's part: its KCL clients, lease table and scheduler, as KCL's documentation builds them.
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        KinesisAsyncClient kinesis = KinesisAsyncClient.builder().endpointOverride(stack.kinesisEndpoint())
                .region(stack.region()).credentialsProvider(credentials)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1)).build();
        DynamoDbAsyncClient dynamoDb = DynamoDbAsyncClient.builder().endpointOverride(stack.dynamoDbEndpoint())
                .region(stack.region()).credentialsProvider(credentials).build();
        // KCL's own metrics are off (NONE below): the client is never called.
        CloudWatchAsyncClient cloudWatch = CloudWatchAsyncClient.builder()
                .region(stack.region()).credentialsProvider(credentials).build();
        stack.leaseTable(application).prepare();
        // From the stream's start: the orders were put before the scheduler ran (KCL's default is LATEST).
        SingleStreamTracker tracker = new SingleStreamTracker(stream,
                InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON));
        ConfigsBuilder configs = new ConfigsBuilder(tracker, application, kinesis, dynamoDb, cloudWatch, "team-worker-1",
                processors);
        LeaseManagementConfig leases = configs.leaseManagementConfig().failoverTimeMillis(2_000)
                .shardSyncIntervalMillis(1_000).leaseAssignmentStrategy(LeaseAssignmentStrategy.LEASE_COUNT_BASED);
        leases.workerUtilizationAwareAssignmentConfig().disableWorkerMetrics(true);
        Scheduler scheduler = new Scheduler(configs.checkpointConfig(), configs.coordinatorConfig(), leases,
                configs.lifecycleConfig(),
                configs.metricsConfig().metricsLevel(MetricsLevel.NONE).metricsFactory(new NullMetricsFactory()),
                OpenSearchRecordProcessorFactory.processorConfig(configs),
                // From the stream's start: the orders were put before the scheduler (KCL's default is LATEST).
                configs.retrievalConfig()
                        .initialPositionInStreamExtended(InitialPositionInStreamExtended.newInitialPosition(
                                InitialPositionInStream.TRIM_HORIZON))
                        .retrievalSpecificConfig(new PollingConfig(stream, kinesis).idleTimeBetweenReadsInMillis(200)));
        Thread worker = new Thread(scheduler, "team-scheduler");
        worker.start();
        WriteCounters.Snapshot counted;
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> stack.searchableDocuments(index) == ORDERS && sink.counters().snapshot().deadLetters() == 3);
            counted = sink.counters().snapshot();
        } finally {
            assertThat(scheduler.startGracefulShutdown().get(30, TimeUnit.SECONDS)).as("graceful shutdown").isTrue();
            worker.join(10_000);
            sink.close();
            kinesis.close();
            dynamoDb.close();
            cloudWatch.close();
        }

        List<Documents.Stored> documents = Documents.all(stack.openSearch(), index);
        assertThat(documents).hasSize(ORDERS).allSatisfy(document -> {
            assertThat(document.version()).as("written once: " + document.id()).isEqualTo(1);
            BigDecimal amount = document.source().get("amount").decimalValue();
            assertThat(document.source().get("amountWithVat").decimalValue())
                    .isEqualByComparingTo(amount.multiply(VAT).setScale(2, RoundingMode.HALF_UP));
        });
        assertThat(documents).extracting(Documents.Stored::id).contains(Orders.id(0), Orders.id(ORDERS - 1));
        List<DeadLetter> letters;
        try (DeadLetterSink stored = new LocalDirectoryDeadLetterSink(deadLetterDir)) {
            letters = stored.readAll().stream().flatMap(file -> file.letters().stream()).toList();
        }
        assertThat(letters).hasSize(3).allSatisfy(letter -> {
            assertThat(letter.reason()).contains("mapping hook " + WITH_VAT.getClass().getName(),
                    "threw java.lang.IllegalArgumentException: order order-00500", "has no amount to tax");
            assertThat(new String(letter.record().data(), StandardCharsets.UTF_8)).contains("\"status\":\"QUOTE\"");
        });
        assertThat(counted.recordsReceived()).isEqualTo(ORDERS + 3);
        assertThat(counted.actionsAcknowledged()).isEqualTo(ORDERS);
        assertThat(stack.leaseTable(application).checkpoints()).isEqualTo(producer.lastSequenceNumbers());
        System.out.printf("Embedded processor: %d orders indexed once with their computed field, %d dead letters"
                + " from the team's hook, %d checkpoints%n", documents.size(), letters.size(), counted.checkpoints());
    }
}
