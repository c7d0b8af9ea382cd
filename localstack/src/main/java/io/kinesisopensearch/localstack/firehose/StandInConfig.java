package io.kinesisopensearch.localstack.firehose;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A stand-in delivery stream: Direct PUT, a Lambda processor, an OpenSearch destination with
 * failed records backed up to a folder.
 *
 * @param streamName     the delivery stream's name
 * @param bufferBytes    the processor's buffer size hint: a batch is invoked once this much data
 *                       waits (Firehose: 0.2 to 3 MB, default 1 MB) ...
 * @param bufferInterval ... or once its oldest record has waited this long (Firehose: 0 to 900 s)
 * @param lambdaRetries  further invocations of a batch after a failed one (Firehose's default: 3)
 * @param index          the destination's index
 * @param errorFolder    where failed records go, as Firehose writes them to the backup bucket
 */
public record StandInConfig(String streamName, int bufferBytes, Duration bufferInterval, int lambdaRetries,
        String index, Path errorFolder) {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "000000000000";

    /** The delivery stream's ARN, as events carry it. */
    public String arn() {
        return "arn:aws:firehose:" + REGION + ":" + ACCOUNT + ":deliverystream/" + streamName;
    }
}
