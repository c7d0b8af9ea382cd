package io.kinesisopensearch.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.mapping.DocumentHook;
import io.kinesisopensearch.mapping.MappingHooks;
import io.kinesisopensearch.sink.bulk.WriteCounters;
import io.kinesisopensearch.sink.deadletter.DeadLetter;
import io.kinesisopensearch.sink.deadletter.DeadLetterConfig;
import io.kinesisopensearch.sink.deadletter.DeadLetterSink;
import io.kinesisopensearch.sink.deadletter.DeadLetterSinks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kinesis handler on AWS's sample event, whose two records are plain text, with an OpenSearch
 * that is down: what needs no OpenSearch (poison records) is done, what needs it is reported. These
 * tests run without KCL on the class path, as the function does.
 */
class KinesisEventHandlerTest {

    private static final String FIRST = "49590338271490256608559692538361571095921575989136588898";

    @TempDir
    Path deadLetters;

    private Map<String, String> settings(String format) {
        Map<String, String> settings = new HashMap<>();
        settings.put("opensearch.url", "http://127.0.0.1:" + Events.deadPort());
        settings.put("opensearch.index", "events");
        settings.put("mapping.format", format);
        settings.put("deadletter.uri", deadLetters.toUri().toString());
        settings.put("bulk.retry-initial-delay", "50ms");
        settings.put("bulk.retry-max-delay", "200ms");
        return settings;
    }

    @Test
    void recordsKeepTheirStreamShardSequenceAndArrivalTime() {
        List<EventRecord> records = KinesisEventHandler.records(Events.sample("kinesis-event.json", KinesisEvent.class));

        assertThat(records).extracting(EventRecord::itemIdentifier)
                .containsExactly(FIRST, "49590338271490256608559692540925702759324208523137515618");
        EventRecord first = records.get(0);
        assertThat(first.record().coordinates().stream()).isEqualTo("lambda-stream");
        assertThat(first.record().coordinates().shardId()).isEqualTo("shardId-000000000006");
        assertThat(first.record().coordinates().arrivalTime()).isEqualTo(Instant.ofEpochMilli(1545084650987L));
        assertThat(new String(first.record().data(), StandardCharsets.UTF_8)).isEqualTo("Hello, this is a test.");
    }

    @Test
    void poisonRecordsGoToTheDeadLettersAndNoneIsReportedEvenWithOpenSearchDown() throws Exception {
        KinesisEventHandler handler = new KinesisEventHandler(Settings.of(settings("json")));

        StreamsEventResponse response = handler.handleRequest(Events.sample("kinesis-event.json", KinesisEvent.class),
                Events.context(60_000));

        assertThat(response.getBatchItemFailures()).isEmpty();
        try (DeadLetterSink sink = DeadLetterSinks.open(DeadLetterConfig.from(Settings.of(settings("json"))), () -> null)) {
            List<DeadLetter> letters = sink.readAll().stream().flatMap(file -> file.letters().stream()).toList();
            assertThat(letters).extracting(letter -> letter.coordinates().sequenceNumber())
                    .containsExactly(FIRST, "49590338271490256608559692540925702759324208523137515618");
            assertThat(letters).allSatisfy(letter -> assertThat(letter.reason()).containsIgnoringCase("json"));
        }
    }

    @Test
    void aRecordWhoseHookThrowsIsADeadLetterNamingTheExceptionAndTheBatchGoesOn() throws Exception {
        DocumentHook refuseTests = document -> {
            if (document.fields().path("message").asText().contains("test")) {
                throw new IllegalStateException("test traffic is not indexed");
            }
        };
        StreamEventWriter writer = StreamEventWriter.builder().settings(Settings.of(settings("text")))
                .hooks(MappingHooks.of(refuseTests)).build();
        KinesisEventHandler handler = new KinesisEventHandler(writer);

        StreamsEventResponse response = handler.handleRequest(Events.sample("kinesis-event.json", KinesisEvent.class),
                Events.context(60_000));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(writer.sink().counters().snapshot().deadLetters()).isEqualTo(2);
        try (DeadLetterSink sink = DeadLetterSinks.open(DeadLetterConfig.from(Settings.of(settings("text"))), () -> null)) {
            assertThat(sink.readAll().stream().flatMap(file -> file.letters().stream()))
                    .extracting(DeadLetter::reason)
                    .containsOnly("document 0 of the record: mapping hook " + refuseTests.getClass().getName()
                            + " threw java.lang.IllegalStateException: test traffic is not indexed");
        }
        writer.close();
    }

    @Test
    void anOutageWithLittleTimeLeftReportsTheFirstRecordBeforeTheInvocationEnds() throws Exception {
        Map<String, String> values = settings("text");
        values.put("lambda.time-reserve", "2s");
        StreamEventWriter writer = StreamEventWriter.from(Settings.of(values));
        KinesisEventHandler handler = new KinesisEventHandler(writer);

        long started = System.nanoTime();
        StreamsEventResponse response = handler.handleRequest(Events.sample("kinesis-event.json", KinesisEvent.class),
                Events.context(4_000));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(FIRST);
        assertThat(tookMillis).as("answered before the reserve").isLessThan(4_000);
        try (DeadLetterSink sink = DeadLetterSinks.open(DeadLetterConfig.from(Settings.of(values)), () -> null)) {
            assertThat(sink.readAll()).as("an outage is no reason to dead-letter").isEmpty();
        }
        WriteCounters.Snapshot stats = writer.sink().counters().snapshot();
        assertThat(stats.recordsReceived()).isEqualTo(2);
        assertThat(stats.recordsUnsettled()).as("both pending, answered for Lambda to deliver again").isEqualTo(2);
        assertThat(stats.ledgerBreaks()).isZero();
        writer.close();
    }

    @Test
    void theseTestsRunWithoutKcl() {
        assertThatThrownBy(() -> Class.forName("software.amazon.kinesis.processor.ShardRecordProcessor"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
