package io.kinesisopensearch.loader.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import io.kinesisopensearch.mapping.DocumentAction;
import io.kinesisopensearch.mapping.RecordMapper;
import io.kinesisopensearch.record.SourceRecord;
import java.io.IOException;
import java.util.List;

/** What the index is compared with: read whole once, and item by item again for ids found different. */
interface Source extends AutoCloseable {

    /** Told of each item read, from one thread or several. */
    interface Items {
        void item(SourceItem item) throws IOException;

        /** A row or item the mapping refused, with where it is and why. */
        void unmapped(String where, String reason);
    }

    /**
     * A source item with the record it came from and the mapper that maps it, for the repair to
     * write it through the sink.
     *
     * @param item   the item
     * @param record the record
     * @param mapper its mapper
     */
    record Expected(SourceItem item, SourceRecord record, RecordMapper mapper) {
    }

    String describe();

    /** How many items the source holds, roughly, or -1 when it cannot tell before reading. */
    long estimate();

    /** Reads every item. */
    void read(Items items) throws IOException, InterruptedException;

    /**
     * The items of {@code candidates} as the source holds them now: by position, null where it has
     * none. {@code documents} are the candidates' documents as just read, null where the index has
     * none (a source may find an extra's item through them).
     */
    List<Expected> reread(List<Candidate> candidates, List<JsonNode> documents) throws IOException, InterruptedException;

    /** Whether {@link #reread} reads the source again (a table), or gives back what was read (stored objects). */
    boolean rereads();

    @Override
    void close();

    /** The source item of {@code action}; its version is kept when the source's versions are compared. */
    static SourceItem item(DocumentAction action, boolean keepVersion, long order, byte[] locator) {
        boolean delete = action.type() == io.kinesisopensearch.decode.ActionType.DELETE;
        Fingerprint fingerprint;
        try {
            fingerprint = delete ? null : CanonicalJson.fingerprint(action.source());
        } catch (IOException e) {
            throw new IllegalStateException("the mapping wrote a document that is no JSON: " + action, e);
        }
        long version = keepVersion && action.version() != null ? action.version() : SourceItem.NO_VERSION;
        return new SourceItem(action.index(), action.id(), action.routing(), delete, version, fingerprint, order,
                locator);
    }
}
