package io.kinesisopensearch.transformer;

import io.kinesisopensearch.decode.ActionType;
import io.kinesisopensearch.decode.PayloadFormat;
import io.kinesisopensearch.mapping.DocumentAction;
import io.kinesisopensearch.mapping.IdStrategy;
import io.kinesisopensearch.mapping.MappingConfig;
import io.kinesisopensearch.mapping.RecordMapper;
import io.kinesisopensearch.record.KplDeaggregator;
import io.kinesisopensearch.record.MappingException;
import io.kinesisopensearch.record.SourceRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * One Firehose record to the documents Firehose can deliver for it, through the same
 * {@link RecordMapper} as the consumer. Firehose's OpenSearch destination only indexes, with ids it
 * makes, so each action is fitted to that here and every compromise is counted in the
 * {@link InvocationReport}:
 *
 * <ul>
 * <li>INDEX: the document is the action's source;
 * <li>UPSERT: the source, which Firehose indexes as a whole document (no merge);
 * <li>DELETE (a DynamoDB REMOVE, {@code mapping.action=delete}): nothing Firehose can do, dropped;
 * <li>a chosen id (an id pointer, DynamoDB keys): delivered with Firehose's id, or dropped, as
 *     {@code firehose.chosen-ids} says; external versions and routing are ignored by Firehose.
 * </ul>
 *
 * <p>A record is mapped all or nothing: if one of its parts fails, the whole record is
 * {@code ProcessingFailed}, so that Firehose's error output holds it whole and a replay of it
 * after a fix duplicates nothing. Thread-safe.
 */
final class RecordTransformer {

    private final RecordMapper mapper;
    private final ChosenIdPolicy chosenIds;
    private final boolean pointerIds;
    private final boolean keyIds;
    private final boolean autoFormat;
    private final boolean versionPointer;

    RecordTransformer(TransformerConfig config) {
        MappingConfig mapping = config.mapping();
        this.mapper = new RecordMapper(mapping);
        this.chosenIds = config.chosenIds();
        IdStrategy strategy = mapping.ids().strategy();
        PayloadFormat format = mapping.decoding().format();
        this.pointerIds = strategy == IdStrategy.POINTER
                || strategy == IdStrategy.AUTO && !mapping.ids().pointers().isEmpty();
        boolean formatIds = strategy == IdStrategy.FORMAT || strategy == IdStrategy.AUTO && !pointerIds;
        this.keyIds = formatIds && format == PayloadFormat.DYNAMODB;
        this.autoFormat = formatIds && format == PayloadFormat.AUTO;
        this.versionPointer = mapping.versionPointer().isPresent();
    }

    Transformed transform(FirehoseEvent event, FirehoseEvent.Record record, InvocationReport report) {
        if (record.data() == null) {
            return new Transformed.Failed(record.dataError());
        }
        if (Pieces.isPiece(record.data())) {
            report.piecesReturned();
            return new Transformed.Documents(List.of(Pieces.document(record.data())));
        }
        SourceRecord source = new SourceRecord(event.coordinates(record), record.data());
        List<DocumentAction> actions = new ArrayList<>();
        try {
            for (SourceRecord userRecord : KplDeaggregator.deaggregate(source)) {
                actions.addAll(mapper.map(userRecord));
            }
        } catch (MappingException e) {
            return new Transformed.Failed(e.reason());
        }
        List<byte[]> documents = new ArrayList<>(actions.size());
        for (DocumentAction action : actions) {
            if (action.type() == ActionType.DELETE) {
                report.deleteDropped();
                continue;
            }
            if (hasChosenId(action)) {
                if (chosenIds == ChosenIdPolicy.DROP) {
                    report.chosenIdDropped();
                    continue;
                }
                report.chosenIdReplaced();
            }
            if (action.type() == ActionType.UPSERT) {
                report.upsertIndexed();
            }
            if (action.version() != null) {
                report.versionIgnored();
            }
            if (action.routing() != null) {
                report.routingIgnored();
            }
            documents.add(action.source());
        }
        if (actions.isEmpty()) {
            report.recordWithoutDocuments();
        }
        return new Transformed.Documents(documents);
    }

    /**
     * Whether the mapping chose {@code action}'s id from the document: id pointers, or DynamoDB key
     * attributes. With {@code mapping.format=auto} the DynamoDB documents are the ones that carry the
     * change time as version (no other format gives one); CloudWatch Logs event ids and coordinates
     * only make replays idempotent, which Firehose's own ids do within Firehose.
     */
    private boolean hasChosenId(DocumentAction action) {
        return pointerIds || keyIds || autoFormat && !versionPointer && action.version() != null;
    }
}
