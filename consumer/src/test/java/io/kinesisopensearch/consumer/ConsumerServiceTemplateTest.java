package io.kinesisopensearch.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.config.SettingsReference;
import io.kinesisopensearch.consumer.metrics.ShardWatch;
import io.kinesisopensearch.consumer.metrics.WatchConfig;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of the ECS template without an AWS account: it is YAML; the container runs
 * {@link ConsumerApp} as the Dockerfile does; its health check asks the metrics port for
 * {@code /ready}; ECS waits longer than the worker's graceful stop before SIGKILL; every variable it
 * sets is a setting of the worker and together they make a valid configuration; and the task
 * role grants what KCL, the dead letters and OpenSearch need, on their own resources. Both sources
 * are checked: a Kinesis data stream ({@code StreamName}) and a DynamoDB table's stream
 * ({@code SourceTable}), the template's {@code !If [ReadsTableStream, ...]} resolved for each.
 */
class ConsumerServiceTemplateTest {

    /** The metrics server's default port ({@code metrics.port}). */
    private static final int METRICS_PORT = 9464;

    /** Values for the parameters without a default, as a user would give them. */
    private static final Map<String, String> GIVEN = Map.of(
            "Cluster", "workers",
            "Image", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/kinesis-opensearch-consumer:1.0",
            "OpenSearchUrl", "https://search-orders.eu-west-1.es.amazonaws.com",
            "OpenSearchArn", "arn:aws:es:eu-west-1:123456789012:domain/orders",
            "IndexName", "orders",
            "DeadLetterBucket", "orders-dead-letters",
            "AWS::Region", "eu-west-1");

    /** The conditions for a Kinesis data stream read from an OpenSearch Service domain. */
    private static final Map<String, Boolean> KINESIS = Map.of("IsServerless", false, "ReadsTableStream", false);
    private static final Map<String, Boolean> TABLE_STREAM = Map.of("IsServerless", false, "ReadsTableStream", true);

    private final JsonNode template = new ObjectMapper(new YAMLFactory()).readTree(Path.of("ecs-service.yaml").toFile());
    private final JsonNode container = template.at("/Resources/TaskDefinition/Properties/ContainerDefinitions/0");

    ConsumerServiceTemplateTest() throws Exception {
    }

    @Test
    void theContainerRunsConsumerAppAsTheDockerfileDoes() throws Exception {
        List<String> entryPoint = texts(container.get("EntryPoint"));

        Method main = Class.forName(entryPoint.get(entryPoint.size() - 1)).getMethod("main", String[].class);
        assertThat(main.getDeclaringClass()).isEqualTo(ConsumerApp.class);
        assertThat(Modifier.isStatic(main.getModifiers())).isTrue();
        Matcher dockerfile = Pattern.compile("(?m)^ENTRYPOINT (\\[.*])$").matcher(Files.readString(Path.of("Dockerfile")));
        assertThat(dockerfile.find()).isTrue();
        assertThat(texts(new ObjectMapper().readTree(dockerfile.group(1)))).isEqualTo(entryPoint);
        assertThat(template.at("/Resources/TaskDefinition/Properties/RequiresCompatibilities/0").asText())
                .isEqualTo("FARGATE");
    }

    @Test
    void theHealthCheckAsksTheMetricsPortWhetherTheWorkerIsReady() {
        String command = String.join(" ", texts(container.at("/HealthCheck/Command")));

        assertThat(container.at("/PortMappings/0/ContainerPort").asInt()).isEqualTo(METRICS_PORT);
        assertThat(command).contains("/dev/tcp/127.0.0.1/" + METRICS_PORT).contains("GET /ready ").contains(" 200 ");
        assertThat(container.at("/HealthCheck/StartPeriod").asInt()).isGreaterThanOrEqualTo(60);
    }

    @Test
    void ecsWaitsLongerThanTheGracefulStopBeforeKilling() {
        int stopTimeout = container.get("StopTimeout").asInt();

        assertThat(stopTimeout).isGreaterThan((int) ConsumerApp.SHUTDOWN_TIME.toSeconds()).isLessThanOrEqualTo(120);
    }

    @Test
    void everyVariableIsAWorkerSettingAndTogetherTheyAreAValidConfiguration() {
        ConsumerConfig config = ConsumerConfig.from(Settings.of(environment(KINESIS, Map.of("StreamName", "orders"))));

        assertThat(config.streams()).extracting(SourceStream::name).containsExactly("orders");
        assertThat(config.dynamoDbStreams()).isEmpty();
        assertThat(config.openSearch().auth()).isEqualTo(io.kinesisopensearch.sink.client.OpenSearchConfig.Auth.SIGV4);
        assertThat(config.deadLetters().bucket()).contains("orders-dead-letters");
        assertThat(config.deadLetters().prefix()).isEqualTo("dead-letters/");
    }

    @Test
    void aTableStreamIsReadWithTheDynamoDbMapping() {
        ConsumerConfig config = ConsumerConfig.from(Settings.of(environment(TABLE_STREAM, Map.of("SourceTable", "books"))));

        assertThat(config.dynamoDbStreams()).map(DynamoDbStreamsConfig::table).contains("books");
        assertThat(config.streams()).extracting(SourceStream::name).containsExactly("books");
        assertThat(config.streams().get(0).mapping().decoding().format())
                .isEqualTo(io.kinesisopensearch.decode.PayloadFormat.DYNAMODB);
    }

    /** The container's variables as CloudFormation would set them, each checked to be a worker setting. */
    private Map<String, String> environment(Map<String, Boolean> conditions, Map<String, String> source) {
        Map<String, String> given = new HashMap<>(GIVEN);
        given.putAll(source);
        Map<String, String> environment = new HashMap<>();
        container.get("Environment").forEach(entry -> {
            JsonNode variable = when(conditions, entry);
            if (variable.isObject()) {
                environment.put(variable.get("Name").asText(),
                        resolve(when(conditions, variable.get("Value")).asText(), given));
            }
        });
        List<String> known = SettingsReference.settings().stream()
                .map(SettingsReference.Setting::environmentName).toList();
        assertThat(known).containsAll(environment.keySet());
        return environment;
    }

    /**
     * The alarm watches the metric the workers' embedded metric format lines make (the namespace,
     * name and dimension {@link ShardWatch} writes, the application's name as the dimension's value),
     * the least over all workers, below the threshold the workers also warn below.
     */
    @Test
    void anAlarmWatchesTheRetentionLeftThatTheWorkersWriteAsEmbeddedMetrics() {
        JsonNode alarm = template.at("/Resources/RecordsExpiryAlarm");
        JsonNode properties = alarm.get("Properties");
        Map<String, String> environment = environment(KINESIS, Map.of("StreamName", "orders"));
        WatchConfig watch = ConsumerConfig.from(Settings.of(environment)).metrics().watch();

        assertThat(alarm.get("Type").asText()).isEqualTo("AWS::CloudWatch::Alarm");
        assertThat(watch.cloudWatchEmf()).as("the workers write the metric").isTrue();
        assertThat(properties.get("Namespace").asText()).isEqualTo(ShardWatch.NAMESPACE);
        assertThat(properties.get("MetricName").asText()).isEqualTo(ShardWatch.RETENTION_LEFT);
        assertThat(properties.at("/Dimensions/0/Name").asText()).isEqualTo(ShardWatch.DIMENSION);
        assertThat(properties.get("Dimensions")).hasSize(1);
        assertThat(resolve(properties.at("/Dimensions/0/Value").asText(), GIVEN))
                .isEqualTo(environment.get("KINESIS_APPLICATION_NAME")).isEqualTo("kinesis-opensearch");
        assertThat(properties.get("Statistic").asText()).as("the worst shard of all workers").isEqualTo("Minimum");
        assertThat(properties.get("ComparisonOperator").asText()).isEqualTo("LessThanThreshold");
        assertThat(Duration.ofSeconds(Long.parseLong(resolve(properties.get("Threshold").asText(), GIVEN))))
                .as("the workers' own warning").isEqualTo(watch.retentionWarning().orElseThrow())
                .isEqualTo(Duration.ofHours(6));
        assertThat(properties.get("TreatMissingData").asText()).isEqualTo("breaching");
    }

    @Test
    void logsGoToTheServicesLogGroup() {
        JsonNode logging = container.get("LogConfiguration");

        assertThat(logging.get("LogDriver").asText()).isEqualTo("awslogs");
        assertThat(logging.at("/Options/awslogs-group").asText()).isEqualTo("LogGroup");
        assertThat(template.at("/Resources/LogGroup/Type").asText()).isEqualTo("AWS::Logs::LogGroup");
    }

    @Test
    void theTaskRoleGrantsWhatTheWorkerUsesOnItsOwnResources() {
        Map<String, List<JsonNode>> statements = statements(KINESIS);

        assertThat(statements).doesNotContainKey("read-table-stream");
        assertThat(actions(statements.get("read-stream"))).contains("kinesis:GetRecords", "kinesis:GetShardIterator",
                "kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:SubscribeToShard",
                "kinesis:RegisterStreamConsumer", "kinesis:DescribeStreamConsumer");
        assertThat(resources(statements.get("kcl-tables"))).containsExactlyInAnyOrder(
                "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${ApplicationName}",
                "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${ApplicationName}/index/*",
                "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${ApplicationName}-CoordinatorState",
                "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${ApplicationName}-WorkerMetricStats");
        assertThat(actions(statements.get("kcl-metrics"))).containsExactly("cloudwatch:PutMetricData");
        assertThat(actions(statements.get("dead-letters"))).contains("s3:PutObject", "s3:GetObject", "s3:ListBucket");
        assertThat(actions(statements.values().stream().flatMap(List::stream).toList()))
                .noneMatch(action -> action.endsWith(":*") || action.equals("*"));

        // !If [IsServerless, collection statement, domain statement]
        JsonNode openSearch = statements.get("write-opensearch").get(0);
        assertThat(openSearch.get(0).asText()).isEqualTo("IsServerless");
        assertThat(openSearch.at("/1/Action").asText()).isEqualTo("aoss:APIAccessAll");
        assertThat(texts(openSearch.at("/2/Action"))).allMatch(action -> action.startsWith("es:ESHttp"))
                .contains("es:ESHttpPost");
    }

    @Test
    void aTableStreamIsReadWithItsOwnGrantsAndNoKinesisOnes() {
        Map<String, List<JsonNode>> statements = statements(TABLE_STREAM);

        assertThat(statements).doesNotContainKey("read-stream");
        assertThat(actions(statements.get("read-table-stream"))).containsExactlyInAnyOrder("dynamodb:DescribeTable",
                "dynamodb:DescribeStream", "dynamodb:GetShardIterator", "dynamodb:GetRecords");
        assertThat(resources(statements.get("read-table-stream"))).containsExactlyInAnyOrder(
                "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${SourceTable}",
                "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${SourceTable}/stream/*");
        assertThat(statements).containsKeys("kcl-tables", "dead-letters", "write-opensearch");
    }

    /** The task role's statements by policy name, with the policies' {@code !If}s resolved for {@code conditions}. */
    private Map<String, List<JsonNode>> statements(Map<String, Boolean> conditions) {
        Map<String, List<JsonNode>> statements = new HashMap<>();
        template.at("/Resources/TaskRole/Properties/Policies").forEach(entry -> {
            JsonNode policy = when(conditions, entry);
            statements.put(policy.get("PolicyName").asText(), list(policy.at("/PolicyDocument/Statement")));
        });
        return statements;
    }

    /**
     * {@code !If [Condition, then, else]} as CloudFormation resolves it for {@code conditions}; any
     * other node as it is ({@code !Ref AWS::NoValue} reads as text and is left out by the caller).
     */
    private static JsonNode when(Map<String, Boolean> conditions, JsonNode node) {
        if (node.isArray() && node.size() == 3 && conditions.containsKey(node.get(0).asText())) {
            return conditions.get(node.get(0).asText()) ? node.get(1) : node.get(2);
        }
        return node;
    }

    /** A value as CloudFormation would give it: {@code !Ref P} reads as {@code P}, {@code !Sub} as its text. */
    private String resolve(String value, Map<String, String> given) {
        Matcher references = Pattern.compile("\\$\\{([^}]+)}").matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (references.find()) {
            references.appendReplacement(resolved, Matcher.quoteReplacement(parameter(references.group(1), given)));
        }
        references.appendTail(resolved);
        return template.at("/Parameters").has(value) || given.containsKey(value) ? parameter(value, given) : resolved.toString();
    }

    /** A parameter's value: the one given, else its default. */
    private String parameter(String name, Map<String, String> given) {
        JsonNode defaultValue = template.at("/Parameters/" + name + "/Default");
        return given.containsKey(name) || defaultValue.isMissingNode() ? given.get(name) : defaultValue.asText();
    }

    private static List<String> actions(List<JsonNode> statements) {
        List<String> actions = new ArrayList<>();
        statements.forEach(statement -> actions.addAll(texts(statement.get("Action"))));
        return actions;
    }

    private static List<String> resources(List<JsonNode> statements) {
        List<String> resources = new ArrayList<>();
        statements.forEach(statement -> resources.addAll(texts(statement.get("Resource"))));
        return resources;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> nodes = new ArrayList<>();
        array.forEach(nodes::add);
        return nodes;
    }

    /** A scalar or a sequence of scalars, as text. */
    private static List<String> texts(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return List.of();
        }
        if (!node.isArray()) {
            return List.of(node.asText());
        }
        return list(node).stream().map(JsonNode::asText).toList();
    }
}
