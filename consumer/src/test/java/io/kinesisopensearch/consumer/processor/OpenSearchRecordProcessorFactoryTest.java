package io.kinesisopensearch.consumer.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.mapping.MappingConfig;
import io.kinesisopensearch.sink.OpenSearchSink;
import io.kinesisopensearch.sink.testing.TestSupport;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.common.StreamIdentifier;

class OpenSearchRecordProcessorFactoryTest {

    private final OpenSearchSink sink = OpenSearchSink.builder()
            .settings(Settings.of(Map.of("opensearch.url", "http://127.0.0.1:" + TestSupport.deadPort())))
            .deadLetters(TestSupport.memorySink(new ArrayList<>(), 0)).build();

    @AfterEach
    void close() {
        sink.close();
    }

    private static MappingConfig mapping(String index) {
        return new MappingConfig(index, Optional.empty());
    }

    @Test
    void eachShardGetsAProcessorOfItsOwnStream() {
        var factory = OpenSearchRecordProcessorFactory.builder().sink(sink)
                .stream("orders", mapping("orders")).stream("logs", mapping("logs")).build();

        assertThat(factory.shardRecordProcessor(StreamIdentifier.multiStreamInstance("000000000000:logs:1700000000")))
                .isInstanceOf(OpenSearchRecordProcessor.class);
        assertThatThrownBy(() -> factory.shardRecordProcessor(
                StreamIdentifier.multiStreamInstance("000000000000:gone:1700000000")))
                .hasMessageStartingWith("Stream gone is not one of");
        assertThatThrownBy(factory::shardRecordProcessor).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void oneStreamServesKclsSingleStreamCallsWhateverKclCallsIt() {
        var factory = OpenSearchRecordProcessorFactory.builder().sink(sink).stream("orders", mapping("orders")).build();

        assertThat(factory.shardRecordProcessor()).isInstanceOf(OpenSearchRecordProcessor.class);
        assertThat(factory.shardRecordProcessor(StreamIdentifier.singleStreamInstance("orders"))).isNotNull();
        assertThat(factory.shardRecordProcessor(StreamIdentifier.singleStreamInstance("orders-alias"))).isNotNull();
    }

    @Test
    void theBuilderNeedsASinkAndAStreamAndADynamoDbStreamIsOneStream() {
        assertThatThrownBy(() -> OpenSearchRecordProcessorFactory.builder().stream("orders", mapping("orders")).build())
                .hasMessageContaining("no sink");
        assertThatThrownBy(() -> OpenSearchRecordProcessorFactory.builder().sink(sink).build())
                .hasMessageContaining("no stream");
        assertThatThrownBy(() -> OpenSearchRecordProcessorFactory.builder().sink(sink)
                .stream("orders", mapping("orders")).stream("orders", mapping("other")))
                .hasMessageContaining("given twice");
        assertThatThrownBy(() -> OpenSearchRecordProcessorFactory.builder().sink(sink)
                .stream("a", mapping("a")).stream("b", mapping("b")).buildForDynamoDbStreams())
                .hasMessageContaining("one stream");
        assertThat(OpenSearchRecordProcessorFactory.builder().sink(sink).stream("Orders", mapping("orders"))
                .buildForDynamoDbStreams().shardRecordProcessor()).isInstanceOf(DynamoDbStreamsRecordProcessor.class);
    }
}
