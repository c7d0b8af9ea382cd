package io.kinesisopensearch.loader.events;

import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.loader.SqsLoadConfig;
import io.kinesisopensearch.retry.RetryPolicy;
import io.kinesisopensearch.sink.aws.AwsClientConfig;
import io.kinesisopensearch.sink.bulk.Deadline;
import io.kinesisopensearch.sink.bulk.OutOfTimeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * S3 events through SQS as a long-running source: reads the queue {@code sqs.queue-url} with long
 * polling and applies each message's events ({@link S3EventMessages}) through the same mapping,
 * loader, sink and dead letters as everything else, {@code sqs.concurrency} messages at a time.
 * Run as {@code java -cp 'consumer/target/*:consumer/target/lib/*' io.kinesisopensearch.loader.events.SqsLoad}
 * with the worker's settings plus {@code sqs.*}, {@code images.*} and {@code load.*}; it runs
 * until SIGTERM.
 *
 * <p>A command of the loader rather than a source type of the KCL worker: a queue has no shards
 * to lease or checkpoint, so KCL would add nothing but its start-up, and loading objects is the
 * loader's; the worker's image carries it, so it deploys as the worker does.
 *
 * <ul>
 * <li>A message is deleted only once its objects' documents are acknowledged by OpenSearch (or in
 *     the dead letters), or it is itself a dead letter.</li>
 * <li>While a message is worked on, its visibility timeout is renewed every third of
 *     {@code sqs.visibility-timeout}: a big object, an OpenSearch outage or Rekognition's
 *     throttling hold it here, never make it visible to others, never add to its receive count.</li>
 * <li>A message whose object fails (missing, forbidden, unreadable) is made visible again after
 *     1 s, 2 s, 4 s, ... (at most the visibility timeout) and at its {@code sqs.max-receives}th
 *     receive goes to the dead letters with its reason. A message that is no S3 event goes there
 *     at once: no message blocks the queue.</li>
 * <li>On SIGTERM it stops receiving, lets the messages being worked on finish (25 s at most) and
 *     leaves the others to come back after their visibility timeout.</li>
 * </ul>
 */
public final class SqsLoad implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqsLoad.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(25);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    /**
     * What the command did so far.
     *
     * @param received     messages received (a message received three times counts three)
     * @param done         messages deleted: applied, ignored or dead-lettered
     * @param deadLettered of those, messages sent to the dead letters
     * @param retried      messages made visible again after a failure
     * @param held         times a message was held (S3, the images' template, dead letters unavailable)
     * @param retries      the sink's retries: bulk requests sent again (OpenSearch away, 429) and
     *                     records mapped again whose hook asked to retry later (Rekognition throttling)
     * @param mostReceives the highest {@code ApproximateReceiveCount} seen
     * @param inFlight     messages being worked on now
     */
    public record Stats(long received, long done, long deadLettered, long retried, long held, long retries,
            int mostReceives, int inFlight) {
    }

    private final SqsLoadConfig config;
    private final S3EventPipeline pipeline;
    private final SqsClient sqs;
    private final RetryPolicy holdRetry;
    private final Semaphore permits;
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private final Thread receiver;
    private final Map<String, String> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong held = new AtomicLong();
    private final AtomicInteger mostReceives = new AtomicInteger();
    private volatile boolean running = true;
    private Stats lastLogged;

    private SqsLoad(SqsLoadConfig config, S3EventPipeline pipeline, SqsClient sqs, RetryPolicy holdRetry) {
        this.config = config;
        this.pipeline = pipeline;
        this.sqs = sqs;
        this.holdRetry = holdRetry;
        this.permits = new Semaphore(config.concurrency());
        AtomicInteger number = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(config.concurrency(), runnable -> {
            Thread thread = new Thread(runnable, "sqs-load-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sqs-load-visibility");
            thread.setDaemon(true);
            return thread;
        });
        this.receiver = new Thread(this::receive, "sqs-load-receiver");
        receiver.setDaemon(true);
    }

    /**
     * Starts reading the queue the settings name; {@link #close()} stops.
     *
     * @param settings the worker's settings plus {@code sqs.*}, {@code images.*} and {@code load.*}
     * @return the running load, its receiver and workers on daemon threads
     * @throws ConfigException naming the first missing or invalid setting
     */
    public static SqsLoad start(Settings settings) {
        SqsLoadConfig config = SqsLoadConfig.from(settings);
        AwsClientConfig aws = AwsClientConfig.from(settings);
        S3EventPipeline pipeline = S3EventPipeline.create(settings);
        SqsClientBuilder builder = SqsClient.builder().credentialsProvider(aws.credentials())
                // A long poll waits up to 20 s for its answer.
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(config.waitTime().plusSeconds(10)));
        aws.region().ifPresent(builder::region);
        config.endpoint().ifPresent(builder::endpointOverride);
        SqsLoad load = new SqsLoad(config, pipeline, builder.build(), pipeline.sink().bulk().retry());
        long renew = Math.max(1_000, config.visibilityTimeout().toMillis() / 3);
        load.timers.scheduleWithFixedDelay(load::renewVisibility, renew, renew, TimeUnit.MILLISECONDS);
        load.timers.scheduleWithFixedDelay(load::logProgress, PROGRESS_EVERY.toMillis(), PROGRESS_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        load.receiver.start();
        LOG.info("Reading S3 events from {} into {} ({} at a time, visibility {}, dead letters after {} receives to {})",
                config.queueUrl(), pipeline.events().targets(), config.concurrency(), config.visibilityTimeout(),
                pipeline.config().maxReceives(), pipeline.sink().deadLetters().describe());
        return load;
    }

    /**
     * Reads the queue with the settings of the environment until SIGTERM, then stops as {@link #close()} does.
     * A bad setting exits with {@link ConfigException#EXIT_STATUS}.
     *
     * @param args ignored
     * @throws InterruptedException when the main thread is interrupted while the load runs
     */
    public static void main(String[] args) throws InterruptedException {
        SqsLoad load;
        try {
            load = start(Settings.fromEnvironment());
        } catch (ConfigException e) {
            System.err.println("Configuration error: " + e.getMessage());
            System.exit(ConfigException.EXIT_STATUS);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(load::close, "sqs-load-shutdown"));
        load.receiver.join();
    }

    /**
     * What the command did so far; the progress line prints it every 5 s.
     *
     * @return the counts now; callable from any thread
     */
    public Stats stats() {
        return new Stats(received.get(), done.get(), deadLettered.get(), retried.get(), held.get(),
                pipeline.sink().counters().snapshot().retries(), mostReceives.get(), inFlight.size());
    }

    private void receive() {
        int failures = 0;
        while (running) {
            int wanted;
            try {
                permits.acquire();
                wanted = 1;
                while (wanted < 10 && permits.tryAcquire()) {
                    wanted++;
                }
            } catch (InterruptedException e) {
                return;
            }
            List<Message> messages;
            try {
                int count = wanted;
                messages = sqs.receiveMessage(request -> request.queueUrl(config.queueUrl()).maxNumberOfMessages(count)
                        .waitTimeSeconds((int) config.waitTime().toSeconds())
                        .visibilityTimeout((int) config.visibilityTimeout().toSeconds())
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
                failures = 0;
            } catch (SdkException e) {
                permits.release(wanted);
                if (!running) {
                    return;
                }
                LOG.warn("Receiving from {} failed, will retry: {}", config.queueUrl(), e.toString());
                if (!sleep(holdRetry.delay(failures++))) {
                    return;
                }
                continue;
            }
            permits.release(wanted - messages.size());
            for (Message message : messages) {
                received.incrementAndGet();
                inFlight.put(message.messageId(), message.receiptHandle());
                workers.execute(() -> work(message));
            }
        }
    }

    private void work(Message message) {
        try {
            int receives = receiveCount(message);
            mostReceives.accumulateAndGet(receives, Math::max);
            S3EventMessages.QueueMessage queued = new S3EventMessages.QueueMessage(message.messageId(), message.body(),
                    receives, config.queueName());
            for (int attempt = 0; running || attempt == 0; attempt++) {
                S3EventMessages.Answer answer;
                try {
                    answer = pipeline.messages().handle(queued, Deadline.NONE);
                } catch (OutOfTimeException e) {
                    throw new IllegalStateException("a message without deadline ran out of time", e);
                }
                switch (answer.verdict()) {
                    case DONE -> {
                        sqs.deleteMessage(delete -> delete.queueUrl(config.queueUrl())
                                .receiptHandle(message.receiptHandle()));
                        done.incrementAndGet();
                        if (answer.deadLettered()) {
                            deadLettered.incrementAndGet();
                        }
                        return;
                    }
                    case RETRY -> {
                        // Back in 1 s, 2 s, 4 s, ...: a missing object may yet appear, a fixed permission apply.
                        long seconds = Math.min(config.visibilityTimeout().toSeconds(), 1L << Math.min(receives - 1, 16));
                        inFlight.remove(message.messageId());
                        sqs.changeMessageVisibility(change -> change.queueUrl(config.queueUrl())
                                .receiptHandle(message.receiptHandle()).visibilityTimeout((int) seconds));
                        retried.incrementAndGet();
                        return;
                    }
                    case HOLD -> {
                        held.incrementAndGet();
                        if (!sleep(holdRetry.delay(attempt))) {
                            return;
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            // Stopping: the message comes back after its visibility timeout.
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Message {} left to come back after its visibility timeout: {}", message.messageId(), e.toString(), e);
        } finally {
            inFlight.remove(message.messageId());
            permits.release();
        }
    }

    private static int receiveCount(Message message) {
        String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** Keeps the messages being worked on invisible to other readers. */
    private void renewVisibility() {
        inFlight.forEach((id, receiptHandle) -> {
            try {
                sqs.changeMessageVisibility(change -> change.queueUrl(config.queueUrl()).receiptHandle(receiptHandle)
                        .visibilityTimeout((int) config.visibilityTimeout().toSeconds()));
            } catch (SdkException e) {
                // Deleted meanwhile, or SQS away: the next renewal tries again.
                LOG.debug("Renewing the visibility of {} failed: {}", id, e.toString());
            }
        });
    }

    private void logProgress() {
        Stats now = stats();
        if (!now.equals(lastLogged)) {
            LOG.info("SQS load {}: received {}, done {} ({} dead letters), retried {}, held {}, sink retries {},"
                    + " in flight {}", config.queueName(), now.received(), now.done(), now.deadLettered(), now.retried(),
                    now.held(), now.retries(), now.inFlight());
            lastLogged = now;
        }
    }

    private boolean sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops receiving, lets the messages being worked on finish (25 s at most), closes the clients. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        receiver.interrupt();
        workers.shutdown();
        try {
            receiver.join(config.waitTime().plusSeconds(5).toMillis());
            if (!workers.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} messages still being worked on after {}; they come back after their visibility timeout",
                        inFlight.size(), STOP_WAIT);
                workers.shutdownNow();
                workers.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timers.shutdownNow();
        logProgress();
        sqs.close();
        pipeline.close();
    }
}
