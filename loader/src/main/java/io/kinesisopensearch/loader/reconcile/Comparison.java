package io.kinesisopensearch.loader.reconcile;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The comparison of a source item with the document of the same id. Ids are compared within the
 * index the mapping names: with a fixed index (or alias) the id alone is the key, whatever
 * concrete index holds the document; with a date pattern the concrete index and the id.
 *
 * <p>A document matches when it exists, its external version is the item's (where the mapping
 * sets versions of the source's own: a version field; a DynamoDB item's version is the time it was
 * read, which says nothing of the version its last change was written with) and its
 * {@code _source} has the fingerprint of the document the item maps to.
 */
final class Comparison {

    /** Told what each id of a bucket came to. */
    interface Outcome {
        /** Equal; both may be null (a delete in the source, nothing in the index). */
        void matching(SourceItem source, IndexDoc document) throws java.io.IOException;

        /** Different: either side may be null (missing, extra). */
        void different(Verdict verdict, SourceItem source, IndexDoc document) throws java.io.IOException;
    }

    private final boolean fixedIndex;
    private final boolean versions;

    /**
     * @param fixedIndex whether the mapping writes to one index (or alias): ids are then compared alone
     * @param versions   whether the source's versions are compared with the stored ones
     */
    Comparison(boolean fixedIndex, boolean versions) {
        this.fixedIndex = fixedIndex;
        this.versions = versions;
    }

    String key(SourceItem item) {
        return fixedIndex ? item.id() : item.index() + '/' + item.id();
    }

    String key(IndexDoc document) {
        return fixedIndex ? document.id() : document.index() + '/' + document.id();
    }

    /** The verdict on one id; {@code source} null for an id the source lacks, {@code document} for one the index lacks. */
    Verdict compare(SourceItem source, IndexDoc document) {
        if (source == null || source.delete()) {
            return document == null ? Verdict.MATCHING : Verdict.EXTRA;
        }
        if (document == null) {
            return Verdict.MISSING;
        }
        if (versions && source.version() != SourceItem.NO_VERSION && source.version() != document.version()) {
            return Verdict.STALE;
        }
        if (!Objects.equals(source.routing(), document.routing())) {
            return Verdict.STALE; // written under another routing: rewritten with the mapping's
        }
        return source.fingerprint().equals(document.fingerprint()) ? Verdict.MATCHING : Verdict.STALE;
    }

    /**
     * Compares one bucket: its source items are held by key (of two with one key the decisive one,
     * {@link SourceItem#decisive}), its documents streamed past them; a second document with a key
     * already met is an extra copy.
     */
    void join(Iterator<SourceItem> source, Iterator<IndexDoc> index, Outcome outcome) throws java.io.IOException {
        Map<String, SourceItem> items = new HashMap<>();
        while (source.hasNext()) {
            SourceItem item = source.next();
            items.merge(key(item), item, SourceItem::decisive);
        }
        Set<String> met = new HashSet<>();
        while (index.hasNext()) {
            IndexDoc document = index.next();
            String key = key(document);
            SourceItem item = items.remove(key);
            if (item == null && met.contains(key)) {
                outcome.different(Verdict.EXTRA, null, document);
                continue;
            }
            if (item != null) {
                met.add(key);
            }
            Verdict verdict = compare(item, document);
            if (verdict == Verdict.MATCHING) {
                outcome.matching(item, document);
            } else {
                outcome.different(verdict, item, document);
            }
        }
        for (SourceItem item : items.values()) {
            if (item.delete()) {
                outcome.matching(item, null);
            } else {
                outcome.different(Verdict.MISSING, item, null);
            }
        }
    }
}
