package io.kinesisopensearch.transformer;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kinesisopensearch.config.Settings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of the SAM template without an AWS account: it is YAML, its handler is this
 * handler, its code is the jar the build makes, and its environment is a valid configuration.
 */
class SamTemplateTest {

    private final JsonNode template = new ObjectMapper(new YAMLFactory()).readTree(Path.of("template.yaml").toFile());

    SamTemplateTest() throws Exception {
    }

    @Test
    void theFunctionIsThisHandlerInTheJarTheBuildMakes() throws Exception {
        JsonNode function = template.at("/Resources/TransformerFunction/Properties");

        String[] handler = function.get("Handler").asText().split("::");
        assertThat(RequestStreamHandler.class.isAssignableFrom(Class.forName(handler[0]))).isTrue();
        assertThat(handler[1]).isEqualTo("handleRequest");
        assertThat(Path.of(function.get("CodeUri").asText()).toAbsolutePath().normalize())
                .isEqualTo(Path.of(System.getProperty("lambda.jar", "target/transformer-lambda.jar")).toAbsolutePath().normalize());
        assertThat(template.at("/Parameters/Runtime/AllowedValues")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("java17", "java21");
        assertThat(function.at("/SnapStart/ApplyOn").asText()).isEqualTo("PublishedVersions");
    }

    @Test
    void theEnvironmentIsAValidConfigurationWithEachParametersDefault() {
        Map<String, String> environment = new HashMap<>();
        template.at("/Resources/TransformerFunction/Properties/Environment/Variables").fields().forEachRemaining(variable -> {
            String parameter = variable.getValue().asText(); // !Ref Parameter reads as the parameter's name
            environment.put(variable.getKey(), template.at("/Parameters/" + parameter + "/Default").asText());
        });

        TransformerConfig config = TransformerConfig.from(Settings.of(environment));

        assertThat(config.mapping().index().isFixed()).isTrue();
        assertThat(config.chosenIds()).isEqualTo(ChosenIdPolicy.DELIVER);
    }

    @Test
    void theDeliveryStreamIsDirectPutWithTheFunctionAsProcessorAndFailuresBackedUpToS3() {
        JsonNode stream = template.at("/Resources/DeliveryStream/Properties");
        JsonNode destination = stream.get("AmazonopensearchserviceDestinationConfiguration");

        assertThat(stream.get("DeliveryStreamType").asText()).isEqualTo("DirectPut");
        assertThat(destination.get("S3BackupMode").asText()).isEqualTo("FailedDocumentsOnly");
        JsonNode processor = destination.at("/ProcessingConfiguration/Processors/0");
        assertThat(processor.get("Type").asText()).isEqualTo("Lambda");
        assertThat(processor.at("/Parameters/0/ParameterValue").asText()).isEqualTo("TransformerFunction.Alias");
    }
}
