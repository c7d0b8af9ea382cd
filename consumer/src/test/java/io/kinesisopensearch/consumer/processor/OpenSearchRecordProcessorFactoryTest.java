package io.kinesisopensearch.consumer.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.consumer.WorkerStats;
import io.kinesisopensearch.consumer.bulk.BulkConfig;
import io.kinesisopensearch.consumer.metrics.WorkerMetrics;
import io.kinesisopensearch.mapping.MappingConfig;
import io.kinesisopensearch.mapping.RecordMapper;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.common.StreamIdentifier;

class OpenSearchRecordProcessorFactoryTest {

    private static ProcessorContext context(String stream) {
        WorkerStats stats = new WorkerStats();
        return new ProcessorContext(stream, new RecordMapper(new MappingConfig(stream, Optional.empty())), null, null,
                BulkConfig.DEFAULT, ShardPacing.DEFAULT, stats, new WorkerMetrics(stats));
    }

    @Test
    void eachShardGetsAProcessorOfItsOwnStream() {
        var factory = new OpenSearchRecordProcessorFactory(Map.of("orders", context("orders"), "logs", context("logs")));

        assertThat(factory.shardRecordProcessor(StreamIdentifier.multiStreamInstance("000000000000:logs:1700000000")))
                .isInstanceOf(OpenSearchRecordProcessor.class);
        assertThatThrownBy(() -> factory.shardRecordProcessor(
                StreamIdentifier.multiStreamInstance("000000000000:gone:1700000000")))
                .hasMessageStartingWith("Stream gone is not one of");
        assertThatThrownBy(factory::shardRecordProcessor).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void oneStreamServesKclsSingleStreamCalls() {
        var factory = new OpenSearchRecordProcessorFactory(context("orders"));

        assertThat(factory.shardRecordProcessor()).isInstanceOf(OpenSearchRecordProcessor.class);
        assertThat(factory.shardRecordProcessor(StreamIdentifier.singleStreamInstance("orders"))).isNotNull();
    }
}
