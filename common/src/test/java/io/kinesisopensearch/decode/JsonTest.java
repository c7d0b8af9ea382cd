package io.kinesisopensearch.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import org.junit.jupiter.api.Test;

/** The streaming factory stands apart from the mapper (cold start) but reads and writes as the mapper's does. */
class JsonTest {

    @Test
    void theStreamingFactoryHasTheMappersFeaturesButNotTheMapper() {
        JsonFactory mappers = Json.mapper().getFactory();
        assertThat(Json.FACTORY).isNotSameAs(mappers);
        assertThat(Json.FACTORY.getCodec()).isNull();
        assertThat(Json.FACTORY.getParserFeatures()).isEqualTo(mappers.getParserFeatures());
        assertThat(Json.FACTORY.getGeneratorFeatures()).isEqualTo(mappers.getGeneratorFeatures());
        assertThat(Json.FACTORY.getFactoryFeatures()).isEqualTo(mappers.getFactoryFeatures());
        assertThat(Json.FACTORY.streamReadConstraints().getMaxNumberLength())
                .isEqualTo(mappers.streamReadConstraints().getMaxNumberLength());
        assertThat(Json.FACTORY.streamReadConstraints().getMaxStringLength())
                .isEqualTo(mappers.streamReadConstraints().getMaxStringLength());
        assertThat(Json.FACTORY.streamReadConstraints().getMaxNestingDepth())
                .isEqualTo(mappers.streamReadConstraints().getMaxNestingDepth());
    }

    @Test
    void nodesAreMadeByTheMappersNodeFactory() {
        assertThat(Json.nodes()).isSameAs(Json.mapper().getNodeFactory());
    }
}
