package io.kinesisopensearch.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.loader.events.S3EventMessages;
import io.kinesisopensearch.loader.events.S3EventPipeline;
import io.kinesisopensearch.sink.bulk.Deadline;
import io.kinesisopensearch.sink.bulk.OutOfTimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The function of an SQS event-source mapping whose queue receives S3 events: straight from S3,
 * through an SNS topic, or from EventBridge. A created object is loaded (CSV, NDJSON as by the S3
 * load; an image labelled by Rekognition, one document), a removed object's documents deleted, as
 * {@link S3EventMessages} describes; answered with partial batch failures
 * ({@code ReportBatchItemFailures}):
 * <ul>
 * <li>a message that is no S3 event, or whose object still fails at its {@code sqs.max-receives}th
 *     receive, goes to the dead letters with its reason and is answered done;</li>
 * <li>a message whose object fails before that, or that S3 or the dead letters hold, is a batch
 *     item failure: SQS delivers it again after its visibility timeout;</li>
 * <li>when OpenSearch (or Rekognition's throttling) holds a message until {@code lambda.time-reserve}
 *     before the invocation's end, it and every message not yet worked on are failures.</li>
 * </ul>
 * Messages are worked on in order; loading an object again rewrites the same documents.
 */
public final class SqsEventHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(SqsEventHandler.class);

    private final S3EventPipeline pipeline;
    private final LambdaConfig lambda;

    /** Lambda's constructor: the settings from the environment and {@code KINESIS_OPENSEARCH_CONFIG}. */
    public SqsEventHandler() {
        this(Settings.fromEnvironment());
    }

    /**
     * A handler for {@code settings}, with a pipeline (its clients and sink) of its own.
     *
     * @param settings the settings of {@link S3EventPipeline#create(Settings)} and {@code lambda.time-reserve}
     * @throws io.kinesisopensearch.config.ConfigException when a setting is missing or invalid
     */
    public SqsEventHandler(Settings settings) {
        this(S3EventPipeline.create(settings), LambdaConfig.from(settings));
    }

    /**
     * A handler on a pipeline of your own (its sink, its hooks).
     *
     * @param pipeline the pipeline each message goes through; the handler does not close it
     * @param lambda   the time reserve: messages not done this long before the invocation's end come back
     */
    public SqsEventHandler(S3EventPipeline pipeline, LambdaConfig lambda) {
        this.pipeline = pipeline;
        this.lambda = lambda;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        Deadline deadline = Deadline.in(Duration.ofMillis(context.getRemainingTimeInMillis()).minus(lambda.timeReserve()));
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        String outOfTime = null;
        int done = 0;
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            if (outOfTime == null && !deadline.allows(Duration.ZERO)) {
                outOfTime = "no time left before the " + lambda.timeReserve() + " reserve";
            }
            if (outOfTime != null) {
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                continue;
            }
            S3EventMessages.QueueMessage queued = new S3EventMessages.QueueMessage(message.getMessageId(),
                    message.getBody(), receiveCount(message), EventSources.queueName(message.getEventSourceArn()));
            try {
                S3EventMessages.Answer answer = pipeline.messages().handle(queued, deadline);
                if (answer.verdict() == S3EventMessages.Verdict.DONE) {
                    done++;
                } else {
                    failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                }
            } catch (OutOfTimeException e) {
                outOfTime = e.getMessage();
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outOfTime = "interrupted";
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        if (outOfTime != null) {
            LOG.warn("{} of {} messages done; the rest come back ({})", done, event.getRecords().size(), outOfTime);
        } else {
            LOG.info("{} of {} messages done, {} come back", done, event.getRecords().size(), failures.size());
        }
        return new SQSBatchResponse(failures);
    }

    /**
     * The pipeline messages go through, with its sink and counters.
     *
     * @return the pipeline
     */
    public S3EventPipeline pipeline() {
        return pipeline;
    }

    private static int receiveCount(SQSEvent.SQSMessage message) {
        String count = message.getAttributes() == null ? null : message.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
