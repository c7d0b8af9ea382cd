package io.kinesisopensearch.loader.events;

import io.kinesisopensearch.record.RecordCoordinates;
import io.kinesisopensearch.record.SourceRecord;
import io.kinesisopensearch.sink.OpenSearchSink;
import io.kinesisopensearch.sink.bulk.Deadline;
import io.kinesisopensearch.sink.bulk.OutOfTimeException;
import io.kinesisopensearch.sink.deadletter.DeadLetter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What to do with one queue message of S3 events, for the Lambda function (SQS event-source
 * mapping) and the {@link SqsLoad} command alike:
 * <ul>
 * <li>{@link Verdict#DONE}: delete the message. Its events are applied (or were no change of an
 *     object: S3's test event, tags, ...), or it went to the dead letters with its reason: a
 *     message that is no S3 event at once (it never becomes one), one whose object keeps failing
 *     (missing, forbidden, unreadable) once it has been received {@code sqs.max-receives} times.</li>
 * <li>{@link Verdict#RETRY}: an object failed and the message has receives left; it comes back.</li>
 * <li>{@link Verdict#HOLD}: S3, Rekognition or the dead-letter destination is unavailable for a
 *     while, or the deadline came first ({@link OutOfTimeException} from the sink: OpenSearch
 *     away, Rekognition throttling): not the message's fault, so never a dead letter for it.</li>
 * </ul>
 * Every event of a message is applied each time: loading an object again rewrites the same
 * documents, so a message retried for one failing object does no harm to the others.
 */
public final class S3EventMessages {

    private static final Logger LOG = LoggerFactory.getLogger(S3EventMessages.class);

    /**
     * A message as the queue delivered it.
     *
     * @param messageId    SQS's id of the message
     * @param body         its body
     * @param receiveCount {@code ApproximateReceiveCount}: 1 at the first delivery
     * @param queue        the queue's name, for the dead letters
     */
    public record QueueMessage(String messageId, String body, int receiveCount, String queue) {
    }

    /** What to do with the message; see the class comment. */
    public enum Verdict {
        /** Delete the message: its events are applied, or it is a dead letter. */
        DONE,
        /** Let the message come back: an object failed and the message has receives left. */
        RETRY,
        /** Let the message come back, its receive not its fault: a service was unavailable or time ran out. */
        HOLD
    }

    /**
     * The verdict on a message, with what was done or why not.
     *
     * @param verdict      what to do with the message
     * @param reason       what was done (the objects' outcomes, the events ignored) or why not, for the log
     * @param deadLettered whether the message went to the dead letters
     */
    public record Answer(Verdict verdict, String reason, boolean deadLettered) {
    }

    private final S3ObjectEvents events;
    private final OpenSearchSink sink;
    private final int maxReceives;

    /**
     * Messages applied by {@code events}, dead-lettered through {@code sink}.
     *
     * @param events      what applies each object's event
     * @param sink        whose dead letters take messages given up, and whose counters count them
     * @param maxReceives the receive at which a message whose object keeps failing is dead-lettered
     */
    public S3EventMessages(S3ObjectEvents events, OpenSearchSink sink, int maxReceives) {
        this.events = events;
        this.sink = sink;
        this.maxReceives = maxReceives;
    }

    /**
     * Applies {@code message}'s events, or dead-letters it; see the class comment.
     *
     * @param message  the message as the queue delivered it
     * @param deadline when to stop waiting for OpenSearch or a throttled hook
     * @return the verdict: whether to delete the message or let it come back
     * @throws InterruptedException when interrupted while waiting to retry: hold it
     * @throws OutOfTimeException   when OpenSearch (or a throttled hook) held it until {@code deadline}: hold it
     */
    public Answer handle(QueueMessage message, Deadline deadline) throws InterruptedException, OutOfTimeException {
        S3EventMessage decoded = S3EventMessage.decode(message.body());
        if (decoded.isRefused()) {
            return deadLetter(message, "not an S3 event: " + decoded.refusal().get());
        }
        List<String> failures = new ArrayList<>();
        List<String> done = new ArrayList<>();
        for (S3ObjectEvent event : decoded.events()) {
            S3ObjectEvents.Outcome outcome = events.apply(event, deadline);
            switch (outcome.kind()) {
                case DONE -> done.add(outcome.detail());
                case FAILED -> failures.add(outcome.detail());
                case HELD -> {
                    LOG.warn("Message {} held: {}", message.messageId(), outcome.detail());
                    return new Answer(Verdict.HOLD, outcome.detail(), false);
                }
            }
        }
        if (failures.isEmpty()) {
            return new Answer(Verdict.DONE, decoded.events().isEmpty() ? "ignored " + decoded.ignored()
                    : String.join("; ", done), false);
        }
        String reason = String.join("; ", failures);
        if (message.receiveCount() >= maxReceives) {
            return deadLetter(message, "received " + message.receiveCount() + " times (sqs.max-receives " + maxReceives
                    + "), failing each time: " + reason);
        }
        LOG.warn("Message {} failed (receive {} of {}), it comes back: {}", message.messageId(), message.receiveCount(),
                maxReceives, reason);
        return new Answer(Verdict.RETRY, reason, false);
    }

    private Answer deadLetter(QueueMessage message, String reason) {
        RecordCoordinates at = new RecordCoordinates("sqs:" + message.queue(), "messages", message.messageId(), 0, null, null);
        DeadLetter letter = new DeadLetter(new SourceRecord(at, message.body().getBytes(StandardCharsets.UTF_8)), reason,
                Instant.now());
        try {
            sink.deadLetters().write(List.of(letter));
        } catch (IOException | RuntimeException e) {
            LOG.error("Cannot store the dead letter of message {} in {}, holding it: {}", message.messageId(),
                    sink.deadLetters().describe(), e.toString());
            return new Answer(Verdict.HOLD, "its dead letter could not be stored: " + e, false);
        }
        sink.counters().deadLetters(1);
        LOG.warn("Dead letter {}: {}", at, reason);
        return new Answer(Verdict.DONE, reason, true);
    }
}
