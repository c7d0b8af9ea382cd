package io.kinesisopensearch.loader.events;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.loader.ObjectLoader;
import io.kinesisopensearch.loader.S3EventsConfig;
import io.kinesisopensearch.loader.SqsLoadConfig;
import io.kinesisopensearch.loader.images.ImageLabelsConfig;
import io.kinesisopensearch.loader.images.ImageLabelsHook;
import io.kinesisopensearch.sink.OpenSearchSink;
import io.kinesisopensearch.sink.aws.AwsClientConfig;
import java.util.Optional;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The parts that apply S3 events from a queue, wired from the settings once: S3 and Rekognition
 * clients, the {@link ObjectLoader} with its {@link ImageLabelsHook}, the sink, and the
 * {@link S3EventMessages} on top. The Lambda function builds one per execution environment, the
 * {@link SqsLoad} command one for its life.
 */
public final class S3EventPipeline implements AutoCloseable {

    private final OpenSearchSink sink;
    private final boolean ownsSink;
    private final S3Client s3;
    private final RekognitionClient rekognition;
    private final S3ObjectEvents events;
    private final S3EventMessages messages;
    private final S3EventsConfig config;

    private S3EventPipeline(Settings settings, OpenSearchSink sink, boolean ownsSink) {
        this.config = S3EventsConfig.from(settings);
        ImageLabelsConfig images = ImageLabelsConfig.from(settings);
        AwsClientConfig aws = AwsClientConfig.from(settings);
        this.sink = sink;
        this.ownsSink = ownsSink;
        this.s3 = aws.s3Client();
        this.rekognition = images.client(aws);
        ObjectLoader loader = ObjectLoader.create(settings, s3, sink, new ImageLabelsHook(images, rekognition));
        this.events = new S3ObjectEvents(loader, s3, sink, config, Optional.of(images.indexTemplate()));
        this.messages = new S3EventMessages(events, sink, config.maxReceives());
    }

    /**
     * The pipeline the settings describe, with a sink of its own, closed with it.
     *
     * @param settings the sink's and mapping's settings, {@code load.*}, {@code sqs.max-receives} and {@code images.*}
     * @return the pipeline
     * @throws io.kinesisopensearch.config.ConfigException naming the first missing or invalid setting
     */
    public static S3EventPipeline create(Settings settings) {
        OpenSearchSink sink = OpenSearchSink.builder().settings(settings).aws(AwsClientConfig.from(settings)).build();
        try {
            return new S3EventPipeline(settings, sink, true);
        } catch (RuntimeException e) {
            sink.close();
            throw e;
        }
    }

    /**
     * The pipeline the settings describe, writing through {@code sink}, which it does not close.
     *
     * @param settings the mapping's settings, {@code load.*}, {@code sqs.max-receives} and {@code images.*}
     * @param sink     where documents and dead letters go
     * @return the pipeline
     * @throws io.kinesisopensearch.config.ConfigException naming the first missing or invalid setting
     */
    public static S3EventPipeline create(Settings settings, OpenSearchSink sink) {
        return new S3EventPipeline(settings, sink, false);
    }

    /**
     * What decides each queue message's fate.
     *
     * @return the messages' handler
     */
    public S3EventMessages messages() {
        return messages;
    }

    /**
     * What applies each object's event.
     *
     * @return the events' handler
     */
    public S3ObjectEvents events() {
        return events;
    }

    /**
     * The sink documents and dead letters go through, with its counters.
     *
     * @return the sink
     */
    public OpenSearchSink sink() {
        return sink;
    }

    /**
     * The settings of applying S3 events.
     *
     * @return the format, the object field and {@code sqs.max-receives}
     */
    public S3EventsConfig config() {
        return config;
    }

    @Override
    public void close() {
        rekognition.close();
        s3.close();
        if (ownsSink) {
            sink.close();
        }
    }
}
