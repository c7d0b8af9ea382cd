package io.kinesisopensearch.loader;

import io.kinesisopensearch.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The queue the {@code SqsLoad} command reads and how.
 *
 * @param queueUrl          the queue of S3 events ({@code sqs.queue-url})
 * @param waitTime          how long one ReceiveMessage call waits for messages, long polling
 *                          ({@code sqs.wait-time}, at most 20 s)
 * @param visibilityTimeout how long a received message stays invisible to other readers
 *                          ({@code sqs.visibility-timeout}); renewed every third of it while its
 *                          object loads, so it only comes back when the command stops or dies
 * @param concurrency       how many messages are worked on at once ({@code sqs.concurrency})
 * @param endpoint          an endpoint override for SQS ({@code aws.endpoint-url.sqs})
 */
public record SqsLoadConfig(String queueUrl, Duration waitTime, Duration visibilityTimeout, int concurrency,
        Optional<URI> endpoint) {

    /** The setting of {@link #queueUrl()}. */
    public static final String QUEUE_URL = "sqs.queue-url";
    /** The setting of {@link #waitTime()}. */
    public static final String WAIT_TIME = "sqs.wait-time";
    /** The setting of {@link #visibilityTimeout()}. */
    public static final String VISIBILITY_TIMEOUT = "sqs.visibility-timeout";
    /** The setting of {@link #concurrency()}. */
    public static final String CONCURRENCY = "sqs.concurrency";
    /** The setting of {@link #endpoint()}. */
    public static final String ENDPOINT_SQS = "aws.endpoint-url.sqs";

    /** SQS's longest long poll. */
    static final Duration MAX_WAIT_TIME = Duration.ofSeconds(20);
    /** SQS's longest visibility timeout. */
    static final Duration MAX_VISIBILITY_TIMEOUT = Duration.ofHours(12);

    /**
     * Reads the {@code sqs.*} settings and the SQS endpoint.
     *
     * @param settings the settings, {@code sqs.queue-url} among them
     * @return the configuration; unset: a wait of 20 s, a visibility timeout of 60 s, 4 messages at once
     * @throws io.kinesisopensearch.config.ConfigException naming the first missing or invalid setting: no
     *         queue URL, a wait over 20 s, a visibility timeout outside 3 s to 12 h, a concurrency outside 1 to 64
     */
    public static SqsLoadConfig from(Settings settings) {
        String queueUrl = settings.require(QUEUE_URL, "the URL of the SQS queue of S3 events,"
                + " https://sqs.REGION.amazonaws.com/ACCOUNT/QUEUE");
        Duration wait = settings.getDuration(WAIT_TIME, MAX_WAIT_TIME);
        if (wait.compareTo(MAX_WAIT_TIME) > 0) {
            throw Settings.invalid(WAIT_TIME, wait.toString(), "at most 20s, SQS's longest long poll");
        }
        Duration visibility = settings.getDuration(VISIBILITY_TIMEOUT, Duration.ofSeconds(60));
        if (visibility.compareTo(Duration.ofSeconds(3)) < 0 || visibility.compareTo(MAX_VISIBILITY_TIMEOUT) > 0) {
            throw Settings.invalid(VISIBILITY_TIMEOUT, visibility.toString(), "from 3s (renewed every third of it)"
                    + " to 12h, SQS's longest");
        }
        return new SqsLoadConfig(queueUrl, wait, visibility, settings.getInt(CONCURRENCY, 4, 1, 64),
                settings.findUrl(ENDPOINT_SQS, "http://localhost:4566"));
    }

    /**
     * The queue's name.
     *
     * @return the last part of {@link #queueUrl()}
     */
    public String queueName() {
        return queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
    }
}
