package io.kinesisopensearch.loader.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Another index as the source: each of its documents is an item the compared index must hold,
 * with the same {@code _source} and, when asked, the same {@code _version}; a reindex's copy of an
 * index keeps both. Read whole by a scroll, and by id again (a real-time multi-get) for ids found
 * different, so that documents both indexes receive while it runs settle.
 */
final class IndexSource implements Source {

    private final IndexReader source;
    private final String target;
    private final boolean versions;
    private final AtomicLong order = new AtomicLong();

    /**
     * @param source   the index read
     * @param target   the index compared with it: the items are this index's
     * @param versions whether versions are compared
     */
    IndexSource(IndexReader source, String target, boolean versions) {
        this.source = source;
        this.target = target;
        this.versions = versions;
    }

    @Override
    public String describe() {
        return "index " + source.target();
    }

    @Override
    public long estimate() {
        try {
            return source.count();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void read(Items items) throws IOException, InterruptedException {
        source.readAll(document -> items.item(item(document)));
    }

    private SourceItem item(IndexDoc document) {
        return new SourceItem(target, document.id(), document.routing(), false,
                versions ? document.version() : SourceItem.NO_VERSION, document.fingerprint(), order.incrementAndGet(),
                document.id().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public List<Expected> reread(List<Candidate> candidates, List<JsonNode> documents)
            throws IOException, InterruptedException {
        List<IndexReader.Ref> refs = new ArrayList<>(candidates.size());
        for (Candidate candidate : candidates) {
            String routing = candidate.source() != null ? candidate.source().routing()
                    : candidate.document() != null ? candidate.document().routing() : null;
            refs.add(new IndexReader.Ref(source.target(), candidate.id(), routing));
        }
        List<Expected> expected = new ArrayList<>(candidates.size());
        for (IndexReader.Fetched fetched : source.get(refs)) {
            expected.add(fetched == null ? null : new Expected(item(fetched.document()), null, null));
        }
        return expected;
    }

    @Override
    public boolean rereads() {
        return true;
    }

    @Override
    public void close() {
        // The reader's client is the sink's.
    }
}
