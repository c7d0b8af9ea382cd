package io.kinesisopensearch.bench.flink;

import io.kinesisopensearch.bench.probe.PipelineProbe;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kinesis.source.KinesisStreamsSource;
import org.apache.flink.connector.opensearch.sink.Opensearch2SinkBuilder;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.http.HttpHost;
import org.opensearch.action.index.IndexRequest;
import org.opensearch.common.xcontent.XContentType;

/**
 * The pipeline as a stream-processor user builds it: a Flink job in a local MiniCluster,
 * {@code flink-connector-kinesis}'s source over the pre-loaded stream from its start, and
 * {@code flink-connector-opensearch2}'s sink writing each event under its {@code id}, flushing at
 * 1,000 actions or 1 s like the worker's defaults. Settings as in shared-notes-flink-peer.md.
 *
 * <p>Arguments: Kinesis endpoint, stream name, OpenSearch URL, index, expected documents. Prints the
 * probe line and exits once all are searchable (status 0) or after 10 minutes (status 1).
 */
public final class FlinkPipeline {

    private FlinkPipeline() {
    }

    public static void main(String[] args) throws Exception {
        URI kinesis = URI.create(args[0]);
        String stream = args[1];
        URI openSearch = URI.create(args[2]);
        String index = args[3];
        long expected = Long.parseLong(args[4]);
        try (PipelineProbe probe = new PipelineProbe(openSearch, index)) {
            Configuration source = new Configuration();
            source.setString("aws.endpoint", kinesis.toString());
            source.setString("aws.region", "us-east-1");
            source.setString("aws.credentials.provider", "BASIC");
            source.setString("aws.credentials.provider.basic.accesskeyid", "local");
            source.setString("aws.credentials.provider.basic.secretkey", "local");
            source.setString("flink.stream.initpos", "TRIM_HORIZON");
            // The default 10 s misses the readers' registration and delays the first assignment by a tick.
            source.setString("flink.shard.discovery.intervalmillis", "1000");
            KinesisStreamsSource<String> kinesisSource = KinesisStreamsSource.<String>builder()
                    .setStreamArn("arn:aws:kinesis:us-east-1:000000000000:stream/" + stream)
                    .setSourceConfig(source)
                    .setDeserializationSchema(new SimpleStringSchema())
                    .build();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.fromSource(kinesisSource, WatermarkStrategy.noWatermarks(), "kinesis", Types.STRING)
                    .sinkTo(new Opensearch2SinkBuilder<String>()
                            .setHosts(new HttpHost(openSearch.getHost(), openSearch.getPort(), openSearch.getScheme()))
                            .setBulkFlushMaxActions(1_000)
                            .setBulkFlushInterval(1_000)
                            .setEmitter((json, context, indexer) -> indexer.add(new IndexRequest(index)
                                    .id(Ids.of(json)).source(json, XContentType.JSON)))
                            .build());
            JobClient job = env.executeAsync("kinesis-to-opensearch");
            AtomicLong firstRead = new AtomicLong(-1);
            boolean done = probe.await(expected, Duration.ofMinutes(10), firstRead::get);
            // Cancelled at once: the 4.3.0 polling reader spins on a drained stream (shared notes, gotcha 3).
            job.cancel().get();
            System.out.println("FETCH limit=" + Integer.getInteger("bench.fetch-records", 0) + " calls="
                    + GetRecordsLimit.CALLS.get() + " records=" + GetRecordsLimit.RECORDS.get());
            System.exit(done ? 0 : 1);
        }
    }

    /** The event's id, read as a Flink user would: Jackson (Flink's shaded copy). */
    static final class Ids {
        private static final ObjectMapper JSON = new ObjectMapper();

        private Ids() {
        }

        static String of(String json) {
            try {
                return JSON.readTree(json).get("id").asText();
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("Not a JSON event: " + json, e);
            }
        }
    }
}
