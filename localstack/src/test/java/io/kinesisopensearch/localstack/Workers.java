package io.kinesisopensearch.localstack;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.consumer.ConsumerConfig;
import io.kinesisopensearch.consumer.ConsumerWorker;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Worker settings for a test: the stack's endpoints, quick KCL start-up (or the shipped one), orders by their id. */
final class Workers {

    private Workers() {
    }

    /** A fresh name for a stream, application or index, so tests never share state. */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, String> settings(LocalStack stack, String stream, String application, String index) {
        Map<String, String> settings = shippedSettings(stack, stream, application, index);
        settings.putAll(LocalStack.FAST_KCL);
        return settings;
    }

    /** As {@link #settings}, but with the KCL settings a worker ships with: what a user gets. */
    static Map<String, String> shippedSettings(LocalStack stack, String stream, String application, String index) {
        Map<String, String> settings = new HashMap<>(stack.workerSettings());
        settings.put("KINESIS_STREAM", stream);
        settings.put("KINESIS_APPLICATION_NAME", application);
        settings.put("OPENSEARCH_INDEX", index);
        settings.put("MAPPING_ID_POINTER", "/orderId");
        settings.put("WORKER_STATS_INTERVAL", "5s");
        // A free port each: tests run several workers at once, in this JVM and in processes.
        settings.put("METRICS_PORT", "0");
        settings.put("DEADLETTER_URI", "file:" + stack.workDir().resolve("dead-letters").resolve(stream));
        return settings;
    }

    static ConsumerWorker start(Map<String, String> settings) {
        return ConsumerWorker.start(ConsumerConfig.from(Settings.of(settings)));
    }
}
