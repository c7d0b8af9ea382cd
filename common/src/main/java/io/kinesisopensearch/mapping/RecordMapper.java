package io.kinesisopensearch.mapping;

import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.decode.DecodedDocument;
import io.kinesisopensearch.decode.DocumentSink;
import io.kinesisopensearch.decode.PayloadDecoder;
import io.kinesisopensearch.record.MappingException;
import io.kinesisopensearch.record.SourceRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps one record to the OpenSearch actions it stands for: its bytes are decoded into documents
 * ({@link io.kinesisopensearch.decode}), and each document becomes an action as the
 * {@link MappingConfig} says. Thread-safe; build one per configuration and share it.
 *
 * <p>Two ways to map a record that carries several documents (CSV lines, log events, array
 * elements): {@link #map} is all or nothing, throwing if any part fails; {@link #mapEach} keeps the
 * actions of the good parts and reports each bad part on its own.
 *
 * <p>The mapping's {@link MappingHooks} run here, so that every path runs them alike; whatever user
 * code throws becomes a {@link MappingException} of that record (or part), naming the hook, but a
 * {@link RetryLaterException}, which goes to the caller for the record to be mapped again later.
 */
public final class RecordMapper {

    private final PayloadDecoder decoder;
    private final ActionBuilder actions;
    private final DocumentHook documentHook;
    private final RecordHook recordHook;
    /** With a record hook: this mapping without it, what the hook is given as the settings' mapping. */
    private final RecordMapper settingsOnly;
    private final String hookName;

    /**
     * A mapper for {@code config}.
     *
     * @param config the mapping, with its hooks
     */
    public RecordMapper(MappingConfig config) {
        this.decoder = config.decoding().decoder(config.transforms().isIdentity(), config.lookedUpPointers());
        this.actions = new ActionBuilder(config);
        this.documentHook = config.hooks().document().orElse(null);
        this.recordHook = config.hooks().record().orElse(null);
        this.settingsOnly = recordHook == null ? null : new RecordMapper(config.withHooks(config.hooks().withoutRecordHook()));
        this.hookName = config.hooks().toString();
    }

    /**
     * A mapper for the mapping settings in {@code settings}.
     *
     * @param settings the settings, read as {@link MappingConfig#from} reads them
     * @return the mapper
     * @throws io.kinesisopensearch.config.ConfigException when a mapping setting is missing or invalid
     */
    public static RecordMapper from(Settings settings) {
        return new RecordMapper(MappingConfig.from(settings));
    }

    /**
     * The actions for {@code record}, all or nothing.
     *
     * @param record the record to map
     * @return its actions, in the order they must be applied; empty when it maps to none (every
     *         document skipped by a hook, or a record hook returning none)
     * @throws MappingException if the record, or any document in it, cannot be mapped; its message
     *                          names the record and the (first) reason
     * @throws RetryLaterException when a hook asks for the record to be mapped again later
     */
    public List<DocumentAction> map(SourceRecord record) throws MappingException {
        if (recordHook != null) {
            return hookActions(record);
        }
        Collector collector = collect(record);
        if (collector.errors.isEmpty()) {
            return collector.actions;
        }
        MappingException first = collector.errors.get(0);
        if (collector.errors.size() == 1) {
            throw first;
        }
        throw new MappingException(record.coordinates(),
                first.reason() + " (and " + (collector.errors.size() - 1) + " more parts of the record failed)", first);
    }

    /**
     * The actions for the parts of {@code record} that map, and an error for each part that does
     * not; a record that cannot be read at all gives no actions and one error.
     *
     * @param record the record to map
     * @return the actions of the good parts, in record order, and the errors of the bad ones
     * @throws RetryLaterException when a hook asks for the record to be mapped again later; nothing else
     */
    public MappingResult mapEach(SourceRecord record) {
        try {
            if (recordHook != null) {
                return new MappingResult(hookActions(record), List.of());
            }
            Collector collector = collect(record);
            return new MappingResult(collector.actions, collector.errors);
        } catch (MappingException e) {
            return new MappingResult(List.of(), List.of(e));
        }
    }

    private Collector collect(SourceRecord record) throws MappingException {
        Collector collector = new Collector(record);
        try {
            decoder.decode(record, collector);
        } catch (RetryLaterException e) {
            throw e;
        } catch (RuntimeException e) {
            // A bug, not bad input; still only this record's failure, reported as such.
            throw new MappingException(record.coordinates(), "unexpected " + e.getClass().getSimpleName()
                    + " while mapping: " + e.getMessage(), e);
        }
        return collector;
    }

    private List<DocumentAction> hookActions(SourceRecord record) throws MappingException {
        List<DocumentAction> mapped;
        try {
            mapped = recordHook.map(record, settingsOnly);
        } catch (MappingException | RetryLaterException e) {
            throw e;
        } catch (Exception e) {
            throw new MappingException(record.coordinates(), hookFailure(e), e);
        }
        if (mapped == null) {
            throw new MappingException(record.coordinates(), "mapping hook " + hookName + " returned null, not a list");
        }
        return mapped;
    }

    private String hookFailure(Exception e) {
        return "mapping hook " + hookName + " threw " + e.getClass().getName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** Gathers one record's actions and per-part errors. */
    private final class Collector implements DocumentSink {
        private final SourceRecord record;
        private final List<DocumentAction> actions = new ArrayList<>(1);
        private final List<MappingException> errors = new ArrayList<>(0);

        Collector(SourceRecord record) {
            this.record = record;
        }

        @Override
        public void accept(DecodedDocument document) {
            if (documentHook != null) {
                HookDocument view = new HookDocument(record.coordinates(), document);
                try {
                    documentHook.apply(view);
                } catch (RetryLaterException e) {
                    throw e; // out through the decoder: the whole record is mapped again later
                } catch (Exception e) {
                    errors.add(new MappingException(record.coordinates(), inPart(document, hookFailure(e)), e));
                    return;
                }
                if (view.skipped()) {
                    return;
                }
                document = view.document();
            }
            try {
                actions.add(RecordMapper.this.actions.build(record.coordinates(), document));
            } catch (InvalidDocumentException e) {
                errors.add(new MappingException(record.coordinates(), inPart(document, e.getMessage())));
            }
        }

        private String inPart(DecodedDocument document, String reason) {
            return document.part() == DecodedDocument.WHOLE_RECORD
                    ? reason
                    : "document " + document.part() + " of the record: " + reason;
        }

        @Override
        public void reject(int part, String reason) {
            errors.add(new MappingException(record.coordinates(), reason));
        }
    }
}
