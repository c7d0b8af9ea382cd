package io.kinesisopensearch.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.decode.DecoderOptions;
import io.kinesisopensearch.loader.LoadConfig;
import io.kinesisopensearch.loader.LoadFormat;
import io.kinesisopensearch.loader.S3EventsConfig;
import io.kinesisopensearch.loader.images.ImageLabelsConfig;
import io.kinesisopensearch.mapping.MappingConfig;
import io.kinesisopensearch.sink.deadletter.DeadLetterConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What can be checked of the SAM template without an AWS account: each function is its handler in
 * the jar the build makes, its mapping answers partial batch failures without bisecting or skipping,
 * and its environment is a valid configuration.
 */
class SamTemplateTest {

    private final JsonNode template = new ObjectMapper(new YAMLFactory()).readTree(Path.of("template.yaml").toFile());

    SamTemplateTest() throws Exception {
    }

    @ParameterizedTest
    @ValueSource(strings = {"KinesisFunction", "DynamoDbFunction", "S3LoadFunction", "SqsFunction", "LogsFunction"})
    void eachFunctionIsItsHandlerInTheJarTheBuildMakes(String name) throws Exception {
        JsonNode function = template.at("/Resources/" + name + "/Properties");

        String[] handler = function.get("Handler").asText().split("::");
        assertThat(RequestHandler.class.isAssignableFrom(Class.forName(handler[0]))).isTrue();
        assertThat(handler[1]).isEqualTo("handleRequest");
        assertThat(Path.of(template.at("/Globals/Function/CodeUri").asText()).toAbsolutePath().normalize())
                .isEqualTo(Path.of(System.getProperty("lambda.jar", "target/stream-handlers-lambda.jar"))
                        .toAbsolutePath().normalize());
        int timeout = function.path("Timeout").asInt(template.at("/Globals/Function/Timeout").asInt());
        assertThat(timeout).isBetween(60, 900);
        assertThat(Settings.duration(function.at("/Environment/Variables/LAMBDA_TIME_RESERVE").asText()).orElseThrow())
                .isLessThan(java.time.Duration.ofSeconds(timeout / 2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"KinesisFunction", "DynamoDbFunction"})
    void theMappingReportsBatchItemFailuresNeverBisectsAndNeverSkips(String name) {
        JsonNode mapping = template.at("/Resources/" + name + "/Properties/Events/Stream/Properties");

        assertThat(mapping.get("FunctionResponseTypes")).extracting(JsonNode::asText)
                .containsExactly("ReportBatchItemFailures");
        assertThat(mapping.get("BisectBatchOnFunctionError").asBoolean(true)).isFalse();
        assertThat(mapping.get("StartingPosition").asText()).isIn("TRIM_HORIZON", "LATEST");
        assertThat(mapping.get("BatchSize").asInt()).isBetween(1, 10_000);
        assertThat(mapping.get("MaximumBatchingWindowInSeconds").asInt()).isBetween(0, 300);
        assertThat(mapping.get("MaximumRetryAttempts").asInt()).isEqualTo(-1);
        assertThat(mapping.get("ParallelizationFactor").asInt()).isEqualTo(1);
    }

    @Test
    void theS3FunctionLoadsEveryCreatedObjectOfItsBucketAndIsRetriedOnFailure() {
        JsonNode function = template.at("/Resources/S3LoadFunction");
        JsonNode event = function.at("/Properties/Events/Created");

        assertThat(event.path("Type").asText()).isEqualTo("S3");
        assertThat(event.at("/Properties/Bucket").asText()).isEqualTo("LoadBucket"); // !Ref LoadBucket
        assertThat(event.at("/Properties/Events").asText()).isEqualTo("s3:ObjectCreated:*");
        assertThat(function.at("/Properties/EventInvokeConfig/MaximumRetryAttempts").asInt()).isPositive();
        assertThat(function.path("Condition").asText()).isEqualTo(template.at("/Resources/LoadBucket/Condition").asText());
        assertThat(Settings.of(environment("S3LoadFunction")).getEnum(LoadConfig.FORMAT, LoadFormat.class, null))
                .isEqualTo(LoadFormat.AUTO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"KinesisFunction", "DynamoDbFunction", "S3LoadFunction", "SqsFunction", "LogsFunction"})
    void theEnvironmentIsAValidConfigurationWithEachParametersDefault(String name) {
        Map<String, String> environment = environment(name);
        Settings settings = Settings.of(environment);

        assertThat(MappingConfig.from(settings).index().isFixed()).isTrue();
        assertThat(DeadLetterConfig.from(settings).isS3()).isTrue();
        assertThat(LambdaConfig.from(settings).timeReserve()).isPositive();
        if (name.equals("DynamoDbFunction")) {
            assertThat(settings.find(DecoderOptions.FORMAT)).contains("dynamodb");
        }
        if (name.equals("SqsFunction")) {
            assertThat(S3EventsConfig.from(settings).maxReceives()).isEqualTo(5);
            assertThat(ImageLabelsConfig.from(settings).index()).isEqualTo("images");
        }
        if (name.equals("LogsFunction")) {
            assertThat(settings.find(DecoderOptions.FORMAT)).contains("cloudwatch-logs");
        }
        assertThat(List.of("OPENSEARCH_URL", "OPENSEARCH_AUTH")).allMatch(environment::containsKey);
    }

    @Test
    void theSqsFunctionReadsItsBucketsEventsWithPartialBatchFailuresAndLeastPrivilege() {
        JsonNode function = template.at("/Resources/SqsFunction");
        JsonNode event = function.at("/Properties/Events/Queue");
        JsonNode queue = template.at("/Resources/S3EventsQueue/Properties");
        int timeout = function.at("/Properties/Timeout").asInt();

        assertThat(event.path("Type").asText()).isEqualTo("SQS");
        assertThat(event.at("/Properties/Queue").asText()).isEqualTo("S3EventsQueue.Arn"); // !GetAtt
        assertThat(event.at("/Properties/FunctionResponseTypes")).extracting(JsonNode::asText)
                .containsExactly("ReportBatchItemFailures");
        assertThat(event.at("/Properties/BatchSize").asInt()).isBetween(1, 10);
        // A batch still being worked on never comes back to another invocation (AWS: six times the timeout).
        assertThat(queue.path("VisibilityTimeout").asInt()).isGreaterThanOrEqualTo(6 * timeout);
        // SQS's own redrive is a backstop above the function's dead-lettering with reasons.
        assertThat(queue.at("/RedrivePolicy/maxReceiveCount").asInt())
                .isGreaterThan(Settings.of(environment("SqsFunction")).getInt(S3EventsConfig.MAX_RECEIVES, 0, 0, 1000));

        List<JsonNode> policies = new java.util.ArrayList<>();
        function.at("/Properties/Policies").forEach(policies::add);
        assertThat(policies).anySatisfy(policy -> assertThat(policy.at("/S3ReadPolicy/BucketName").asText())
                .isEqualTo("EventsBucketName"));
        assertThat(policies).noneSatisfy(policy -> assertThat(policy.at("/S3CrudPolicy/BucketName").asText())
                .isEqualTo("EventsBucketName"));
        List<JsonNode> statements = new java.util.ArrayList<>();
        policies.forEach(policy -> policy.path("Statement").forEach(statements::add));
        assertThat(statements).filteredOn(statement -> statement.path("Action").toString().contains("rekognition"))
                .singleElement().satisfies(statement -> {
                    assertThat(statement.path("Action").asText()).isEqualTo("rekognition:DetectLabels");
                    assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
                });

        JsonNode notifications = template.at("/Resources/EventsBucket/Properties/NotificationConfiguration/QueueConfigurations");
        assertThat(notifications).extracting(notification -> notification.path("Event").asText())
                .containsExactlyInAnyOrder("s3:ObjectCreated:*", "s3:ObjectRemoved:*");
        assertThat(notifications).allSatisfy(notification -> assertThat(notification.path("Queue").asText())
                .isEqualTo("S3EventsQueue.Arn"));
        assertThat(template.at("/Resources/EventsBucket/DependsOn").asText()).isEqualTo("S3EventsQueuePolicy");
        JsonNode send = template.at("/Resources/S3EventsQueuePolicy/Properties/PolicyDocument/Statement/0");
        assertThat(send.at("/Principal/Service").asText()).isEqualTo("s3.amazonaws.com");
        assertThat(send.path("Action").asText()).isEqualTo("sqs:SendMessage");
        assertThat(send.at("/Condition/ArnLike/aws:SourceArn").asText()).contains("${EventsBucketName}");
        assertThat(List.of("SqsFunction", "S3EventsQueue", "S3EventsUnanswered", "S3EventsQueuePolicy", "EventsBucket"))
                .allSatisfy(resource -> assertThat(template.at("/Resources/" + resource + "/Condition").asText())
                        .isEqualTo("HasEventsBucket"));
    }

    @Test
    void theLogsFunctionIsSubscribedToItsGroupWhichAloneMayInvokeItAndIsRetriedOnFailure() {
        JsonNode filter = template.at("/Resources/LogsSubscriptionFilter");
        JsonNode permission = template.at("/Resources/LogsInvokePermission/Properties");

        assertThat(filter.path("Type").asText()).isEqualTo("AWS::Logs::SubscriptionFilter");
        assertThat(filter.at("/Properties/DestinationArn").asText()).isEqualTo("LogsFunction.Arn"); // !GetAtt
        assertThat(filter.at("/Properties/LogGroupName").asText()).isEqualTo("LogGroupName"); // !Ref
        assertThat(filter.path("DependsOn").asText()).isEqualTo("LogsInvokePermission");
        assertThat(permission.path("Action").asText()).isEqualTo("lambda:InvokeFunction");
        assertThat(permission.path("FunctionName").asText()).isEqualTo("LogsFunction.Arn");
        assertThat(permission.path("Principal").asText()).isEqualTo("logs.amazonaws.com");
        assertThat(permission.path("SourceArn").asText()).contains(":log-group:${LogGroupName}:*");
        assertThat(permission.path("SourceAccount").asText()).isEqualTo("AWS::AccountId");
        assertThat(template.at("/Resources/LogsFunction/Properties/EventInvokeConfig/MaximumRetryAttempts").asInt())
                .isPositive();
        assertThat(List.of("LogsFunction", "LogsInvokePermission", "LogsSubscriptionFilter"))
                .allSatisfy(resource -> assertThat(template.at("/Resources/" + resource + "/Condition").asText())
                        .isEqualTo("HasLogGroup"));
    }

    /** A function's environment, each !Ref parameter replaced by its default. */
    private Map<String, String> environment(String name) {
        Map<String, String> environment = new HashMap<>();
        template.at("/Resources/" + name + "/Properties/Environment/Variables").fields().forEachRemaining(variable -> {
            String value = variable.getValue().asText(); // !Ref Parameter reads as the parameter's name
            JsonNode parameter = template.at("/Parameters/" + value);
            environment.put(variable.getKey(), parameter.isMissingNode() ? value
                    : parameter.path("Default").asText("https://search.example.com"));
        });
        // !Sub s3://${DeadLetterBucket}/... reads as its text; the bucket's name is known only once deployed.
        environment.computeIfPresent("DEADLETTER_URI", (key, uri) -> uri.replace("${DeadLetterBucket}", "bucket"));
        return environment;
    }
}
