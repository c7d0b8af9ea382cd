package io.kinesisopensearch.transformer;

import java.util.ArrayList;
import java.util.List;

/**
 * One invocation, following the data: each record is transformed on its own
 * ({@link RecordTransformer}); then the response is planned within Lambda's limit
 * ({@link ResponseBudget}): a record's first document is its {@code Ok} data while there is room,
 * its other documents, and whole records once the room is gone, become pieces; the pieces are put
 * back into the delivery stream ({@link Reingestion}); last, each record gets exactly one answer:
 *
 * <ul>
 * <li>{@code Ok} with its first document, once all its other documents were accepted;
 * <li>{@code Dropped} when it has no document Firehose can deliver, or when all its documents were
 *     put back and accepted;
 * <li>{@code ProcessingFailed} when it cannot be read or mapped, or when any of its pieces was not
 *     accepted (Firehose then keeps the original in its error output; pieces of it that were
 *     accepted are delivered too, so a replay of the original can repeat those).
 * </ul>
 *
 * <p>A delivery stream that reads a Kinesis stream refuses PutRecordBatch, so there a record that
 * needs pieces is {@code ProcessingFailed} at once, with the reason.
 */
final class EventTransformer {

    private final RecordTransformer records;
    private final Reingestion reingestion;
    private final int responseLimit;

    EventTransformer(TransformerConfig config, Reingestion reingestion) {
        this.records = new RecordTransformer(config);
        this.reingestion = reingestion;
        this.responseLimit = config.responseLimit();
    }

    /** The answers, one per record in the event's order. */
    List<Answer> transform(FirehoseEvent event, long deadlineNanos, InvocationReport report) throws InterruptedException {
        List<FirehoseEvent.Record> input = event.records();
        List<Plan> plans = new ArrayList<>(input.size());
        List<String> recordIds = new ArrayList<>(input.size());
        for (FirehoseEvent.Record record : input) {
            plans.add(new Plan(record.recordId(), records.transform(event, record, report)));
            recordIds.add(record.recordId());
        }
        ResponseBudget budget = new ResponseBudget(responseLimit, recordIds);
        List<byte[]> pieces = new ArrayList<>();
        List<Plan> owners = new ArrayList<>();
        for (Plan plan : plans) {
            plan.place(budget, event.hasKinesisSource(), pieces, owners, report);
        }
        boolean[] accepted = new boolean[0];
        if (!pieces.isEmpty()) {
            Reingestion.Outcome outcome = reingestion.put(event.deliveryStreamArn(), event.region(), pieces, deadlineNanos);
            accepted = outcome.accepted();
            report.reingested(outcome.acceptedCount(), pieces.size() - outcome.acceptedCount(), outcome.calls(),
                    outcome.retries());
        }
        for (int i = 0; i < pieces.size(); i++) {
            if (!accepted[i]) {
                owners.get(i).pieceRefused(budget);
            }
        }
        List<Answer> answers = new ArrayList<>(plans.size());
        for (Plan plan : plans) {
            Answer answer = plan.answer();
            report.answered(answer.result());
            if (answer.result() == Result.PROCESSING_FAILED) {
                report.failure(plan.recordId, plan.failure);
            } else {
                report.documents(plan.documents);
            }
            answers.add(answer);
        }
        return answers;
    }

    /** One record's way through the invocation. */
    private static final class Plan {
        private final String recordId;
        private final Transformed transformed;
        private byte[] inline;
        private int documents;
        private String failure;

        Plan(String recordId, Transformed transformed) {
            this.recordId = recordId;
            this.transformed = transformed;
            if (transformed instanceof Transformed.Failed failed) {
                this.failure = failed.reason();
            }
        }

        void place(ResponseBudget budget, boolean kinesisSource, List<byte[]> pieces, List<Plan> owners,
                InvocationReport report) {
            if (!(transformed instanceof Transformed.Documents found) || found.documents().isEmpty()) {
                return;
            }
            List<byte[]> all = found.documents();
            boolean firstInline = budget.take(all.get(0));
            List<byte[]> rest = firstInline ? all.subList(1, all.size()) : all;
            if (!rest.isEmpty() && kinesisSource) {
                failure = (firstInline ? "the record holds " + all.size() + " documents" : "the response is full")
                        + ", and the delivery stream reads a Kinesis stream, so Firehose refuses PutRecordBatch"
                        + " for the " + rest.size() + " that do not fit into the answer";
                if (firstInline) {
                    budget.giveBack(all.get(0));
                }
                return;
            }
            for (byte[] document : rest) {
                if (!PutRecordBatches.fits(document.length + Pieces.OVERHEAD)) {
                    failure = "a document of " + document.length + " bytes "
                            + (firstInline ? "beyond the first" : "that does not fit into the response")
                            + " is over Firehose's record limit of " + PutRecordBatches.MAX_RECORD_BYTES + " bytes";
                    if (firstInline) {
                        budget.giveBack(all.get(0));
                    }
                    return;
                }
            }
            if (firstInline) {
                inline = all.get(0);
            } else {
                report.overflow();
            }
            for (byte[] document : rest) {
                // A returning piece goes back as it came; anything else is marked on its first way round.
                pieces.add(Pieces.mark(document));
                owners.add(this);
            }
            documents = all.size();
        }

        void pieceRefused(ResponseBudget budget) {
            if (failure == null) {
                failure = "Firehose did not accept all its pieces with PutRecordBatch";
                if (inline != null) {
                    budget.giveBack(inline);
                    inline = null;
                }
            }
        }

        Answer answer() {
            if (failure != null) {
                return new Answer(recordId, Result.PROCESSING_FAILED, null);
            }
            return inline != null ? new Answer(recordId, Result.OK, inline) : new Answer(recordId, Result.DROPPED, null);
        }
    }
}
