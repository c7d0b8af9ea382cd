package io.kinesisopensearch.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployable jar alone, as Lambda's Java runtime loads it: no KCL and nothing only KCL needs in
 * it, and the Kinesis handler runs from it on AWS's sample event.
 */
class LambdaJarIT {

    private static final Path JAR = Path.of(System.getProperty("lambda.jar", "target/stream-handlers-lambda.jar"));

    @TempDir
    Path deadLetters;

    @Test
    void theJarHoldsNeitherKclNorWhatOnlyKclNeeds() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> names = jar.stream().map(entry -> entry.getName()).toList();
            assertThat(names).contains("io/kinesisopensearch/lambda/KinesisEventHandler.class",
                    "io/kinesisopensearch/sink/OpenSearchSink.class",
                    "io/kinesisopensearch/sink/bulk/BulkWriter.class",
                    "io/kinesisopensearch/loader/ObjectLoader.class");
            assertThat(names).noneMatch(name -> name.startsWith("software/amazon/kinesis/")
                    || name.startsWith("software/amazon/awssdk/services/kinesis/")
                    || name.startsWith("software/amazon/awssdk/services/dynamodb/")
                    || name.startsWith("software/amazon/awssdk/services/cloudwatch/")
                    || name.startsWith("software/amazon/glue/")
                    || name.startsWith("io/netty/")
                    || name.startsWith("ch/qos/logback/")
                    || name.startsWith("io/micrometer/")
                    || name.startsWith("io/kinesisopensearch/consumer/"));
        }
        System.out.printf("Lambda jar %s: %d bytes%n", JAR.getFileName(), Files.size(JAR));
    }

    @Test
    void theKinesisHandlerRunsFromTheJarAlone() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {JAR.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> settingsType = loader.loadClass("io.kinesisopensearch.config.Settings");
            Object settings = settingsType.getMethod("of", Map.class).invoke(null, Map.of(
                    "opensearch.url", "http://127.0.0.1:" + Events.deadPort(),
                    "opensearch.index", "events",
                    "deadletter.uri", deadLetters.toUri().toString()));
            Class<?> handlerType = loader.loadClass("io.kinesisopensearch.lambda.KinesisEventHandler");
            Object handler = handlerType.getConstructor(settingsType).newInstance(settings);
            Class<?> eventType = loader.loadClass("com.amazonaws.services.lambda.runtime.events.KinesisEvent");
            Object event;
            try (InputStream in = LambdaJarIT.class.getResourceAsStream("/events/kinesis-event.json")) {
                event = LambdaEventSerializers.serializerFor(eventType, loader).fromJson(in);
            }
            Class<?> contextType = loader.loadClass("com.amazonaws.services.lambda.runtime.Context");
            Object context = Proxy.newProxyInstance(loader, new Class<?>[] {contextType},
                    (proxy, method, args) -> method.getName().equals("getRemainingTimeInMillis") ? 60_000 : null);

            Object response = handlerType.getMethod("handleRequest", eventType, contextType).invoke(handler, event, context);

            assertThat(loader.loadClass("io.kinesisopensearch.lambda.StreamEventWriter").getClassLoader()).isSameAs(loader);
            @SuppressWarnings("unchecked")
            Class<Object> responseType = (Class<Object>) response.getClass();
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            LambdaEventSerializers.serializerFor(responseType, loader).toJson(response, json);
            JsonNode answer = new ObjectMapper().readTree(json.toByteArray());
            // The sample's records are plain text, poison to the JSON mapping: dead letters, no failures.
            assertThat(answer.path("batchItemFailures").isArray()).isTrue();
            assertThat(answer.path("batchItemFailures")).isEmpty();
            try (Stream<Path> files = Files.walk(deadLetters)) {
                assertThat(files.filter(Files::isRegularFile).toList()).hasSize(1);
            }
        }
    }
}
