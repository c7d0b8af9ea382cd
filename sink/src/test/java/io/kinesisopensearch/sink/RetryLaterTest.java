package io.kinesisopensearch.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.mapping.DocumentAction;
import io.kinesisopensearch.mapping.MappingConfig;
import io.kinesisopensearch.mapping.MappingHooks;
import io.kinesisopensearch.mapping.RecordHook;
import io.kinesisopensearch.mapping.RecordMapper;
import io.kinesisopensearch.mapping.RetryLaterException;
import io.kinesisopensearch.record.RecordCoordinates;
import io.kinesisopensearch.record.SourceRecord;
import io.kinesisopensearch.retry.RetryPolicy;
import io.kinesisopensearch.sink.batch.RecordBatch;
import io.kinesisopensearch.sink.bulk.BulkConfig;
import io.kinesisopensearch.sink.bulk.Deadline;
import io.kinesisopensearch.sink.bulk.OutOfTimeException;
import io.kinesisopensearch.sink.testing.TestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A hook whose service throttles it asks to retry later: the sink maps the record again after a
 * backoff and never makes it a dead letter for that, until the caller's deadline if it has one.
 * No OpenSearch is needed: nothing is flushed.
 */
class RetryLaterTest {

    private final OpenSearchSink sink = OpenSearchSink.builder()
            .settings(Settings.of(Map.of("opensearch.url", "http://127.0.0.1:" + TestSupport.deadPort())))
            .bulk(new BulkConfig(1_000, 1_048_576, Duration.ofSeconds(1), 10_485_760, 2,
                    new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(40))))
            .deadLetters(TestSupport.memorySink(new ArrayList<>(), 0))
            .build();

    @AfterEach
    void close() {
        sink.close();
    }

    @Test
    void aThrottledHookIsMappedAgainUntilItAnswersAndMakesNoDeadLetter() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        RecordMapper mapper = mapper((record, settings) -> {
            if (calls.incrementAndGet() <= 3) {
                throw new RetryLaterException("Rate exceeded");
            }
            return List.of(DocumentAction.index("images", "a", "{}".getBytes(StandardCharsets.UTF_8)));
        });
        RecordBatch batch = sink.newBatch();

        sink.add(batch, record(), mapper);

        assertThat(calls).hasValue(4);
        assertThat(batch.actions()).extracting(DocumentAction::id).containsExactly("a");
        assertThat(batch.recordCount()).isEqualTo(1);
        assertThat(sink.counters().snapshot().mappingErrors()).isZero();
        assertThat(sink.counters().snapshot().recordsReceived()).isEqualTo(1);
    }

    @Test
    void withADeadlineTheHoldEndsWithTheRecordOutsideTheBatch() {
        RecordMapper mapper = mapper((record, settings) -> {
            throw new RetryLaterException("Rate exceeded");
        });
        RecordBatch batch = sink.newBatch();
        long start = System.nanoTime();

        assertThatThrownBy(() -> sink.add(batch, record(), mapper, Deadline.in(Duration.ofMillis(300))))
                .isInstanceOf(OutOfTimeException.class).hasMessageContaining("Rate exceeded");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(batch.isEmpty()).isTrue();
        assertThat(sink.counters().snapshot().mappingErrors()).isZero();
    }

    private static RecordMapper mapper(RecordHook hook) {
        return new RecordMapper(MappingConfig.from(Settings.of(Map.of("opensearch.index", "images")))
                .withHooks(MappingHooks.of(hook)));
    }

    private static SourceRecord record() {
        return new SourceRecord(new RecordCoordinates("s3://photos", "dog.jpg", "0", 0, null, null),
                "{}".getBytes(StandardCharsets.UTF_8));
    }
}
