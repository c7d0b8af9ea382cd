package io.kinesisopensearch.sink;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.config.SettingsModule;
import io.kinesisopensearch.mapping.MappingConfig;
import io.kinesisopensearch.sink.aws.AwsClientConfig;
import io.kinesisopensearch.sink.bulk.BulkConfig;
import io.kinesisopensearch.sink.client.AwsSigning;
import io.kinesisopensearch.sink.client.OpenSearchConfig;
import io.kinesisopensearch.sink.client.TlsConfig;
import io.kinesisopensearch.sink.deadletter.DeadLetterConfig;
import io.kinesisopensearch.sink.index.IndexBootstrapConfig;
import java.util.List;
import java.util.Map;

/** The sink's settings for the settings reference: OpenSearch, bulk, dead letters, AWS endpoints, index bootstrap. */
public final class SinkSettings implements SettingsModule {

    @Override
    public List<Class<?>> configClasses() {
        return List.of(OpenSearchConfig.class, AwsSigning.class, TlsConfig.class, BulkConfig.class,
                DeadLetterConfig.class, AwsClientConfig.class, IndexBootstrapConfig.class);
    }

    @Override
    public List<Class<?>> perStreamClasses() {
        return List.of(IndexBootstrapConfig.class);
    }

    @Override
    public Map<String, String> required() {
        return Map.of(OpenSearchConfig.URL, "http://localhost:9200");
    }

    @Override
    public List<Map<String, String>> variants() {
        // The signing settings are read with SigV4 only.
        return List.of(Map.of(OpenSearchConfig.URL, "https://search.example.com", OpenSearchConfig.AUTH, "sigv4",
                AwsSigning.SERVICE, "aoss", AwsSigning.COLLECTION_TYPE, "search", AwsSigning.REGION, "us-east-1"));
    }

    @Override
    public void read(Settings settings) {
        OpenSearchConfig.from(settings);
        BulkConfig.from(settings);
        DeadLetterConfig.from(settings);
        DeadLetterConfig.replayFailures(settings);
        AwsClientConfig.from(settings);
        IndexBootstrapConfig.from(settings, MappingConfig.from(settings).index());
    }
}
