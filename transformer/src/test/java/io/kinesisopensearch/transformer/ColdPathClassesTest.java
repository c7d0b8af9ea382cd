package io.kinesisopensearch.transformer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a cold start with JSON records loads, in a class loader of its own as in a fresh Lambda JVM:
 * not Jackson's ObjectMapper (about 200 ms with Lambda's C1-only flags, for paths that only stream),
 * no tree node when nothing is looked up in the records, and not the AWS SDK (only a re-ingest needs
 * it). The mapper and the SDK crept onto the path unnoticed before.
 */
class ColdPathClassesTest {

    @Test
    void jsonRecordsAreTransformedWithoutTheObjectMapperOrTheSdk() throws Exception {
        Events event = Events.directPut();
        event.add("{\"orderId\":\"o-1\",\"amount\":12.50}");
        event.add("{\"orderId\":\"o-2\",\"amount\":7}");

        try (Isolated loader = new Isolated()) {
            Class<?> settings = loader.loadClass("io.kinesisopensearch.config.Settings");
            Object values = settings.getMethod("of", Map.class)
                    .invoke(null, Map.of("opensearch.index", "orders", "mapping.format", "json"));
            Class<?> handlerClass = loader.loadClass(FirehoseTransformHandler.class.getName());
            Object handler = handlerClass.getConstructor(settings).newInstance(values);
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            handlerClass.getMethod("handleRequest", InputStream.class, OutputStream.class,
                            loader.loadClass("com.amazonaws.services.lambda.runtime.Context"))
                    .invoke(handler, new ByteArrayInputStream(event.bytes()), response, null);

            assertThat(Events.answers(response.toByteArray())).extracting(a -> a.get("result").asText())
                    .containsExactly("Ok", "Ok");
            assertThat(loader.loaded("io.kinesisopensearch.decode.Json")).isTrue(); // the check can see
            assertThat(loader.loaded("com.fasterxml.jackson.databind.ObjectMapper")).isFalse();
            // Nothing is looked up in the records, so no tree node is made either.
            assertThat(loader.loaded("com.fasterxml.jackson.databind.node.JsonNodeFactory")).isFalse();
            assertThat(loader.loaded("io.kinesisopensearch.transformer.FirehoseReingestion")).isFalse();
            assertThat(loader.loaded("software.amazon.awssdk.services.firehose.FirehoseClient")).isFalse();
            assertThat(loader.loaded("software.amazon.awssdk.core.exception.SdkException")).isFalse();
        }
    }

    /** The test class path with no parent but the platform's: every project and library class loaded anew. */
    private static final class Isolated extends URLClassLoader {

        Isolated() {
            super(classPath(), ClassLoader.getPlatformClassLoader());
        }

        boolean loaded(String name) {
            return findLoadedClass(name) != null;
        }

        private static URL[] classPath() {
            return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .map(entry -> {
                        try {
                            return Path.of(entry).toUri().toURL();
                        } catch (MalformedURLException e) {
                            throw new IllegalArgumentException(entry, e);
                        }
                    })
                    .toArray(URL[]::new);
        }
    }
}
