package io.kinesisopensearch.loader.reconcile;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads every id found different again, from the index by id and (for a table) from the source,
 * before it counts, so that a change made while the reconcile ran is not taken for drift. The
 * first time no sooner than the settle time after the source was read (by then the live pipeline
 * has indexed every change the source read had shown), in batches of 100.
 *
 * <ul>
 * <li>Equal now: it changed during the run and settled; counted as matching.</li>
 * <li>Still different, and neither side changed since it was last read: confirmed, counted, and
 * repaired when asked.</li>
 * <li>Still different, and a side changed: it is moving; read again a settle time later, three
 * times at most. One still moving then is reported as changing, neither equal nor different.</li>
 * </ul>
 * The ids waiting for another reading are kept in files, never in memory.
 */
final class Recheck {

    static final int BATCH = 100;
    static final int ROUNDS = 3;

    private final Source source;
    private final IndexReader index;
    private final Comparison comparison;
    private final Repair repair;
    private final Duration settle;
    private final Findings findings;
    private final ReconcileProgress progress;
    private final Path dir;

    /** @param repair what repairs confirmed differences, or null to report them only */
    Recheck(Source source, IndexReader index, Comparison comparison, Repair repair, Duration settle, Findings findings,
            ReconcileProgress progress, Path dir) {
        this.source = source;
        this.index = index;
        this.comparison = comparison;
        this.repair = repair;
        this.settle = settle;
        this.findings = findings;
        this.progress = progress;
        this.dir = dir;
    }

    /**
     * Checks the {@code count} candidates of the file {@code candidates} again.
     *
     * @param sourceReadNanos when the source was read to its end ({@link System#nanoTime()})
     */
    void run(Path candidates, long count, long sourceReadNanos) throws IOException, InterruptedException {
        Path current = candidates;
        long waiting = count;
        for (int round = 0; round < ROUNDS && waiting > 0; round++) {
            long from = round == 0 ? sourceReadNanos : System.nanoTime();
            long sleep = from + settle.toNanos() - System.nanoTime();
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            }
            boolean last = round == ROUNDS - 1;
            Path next = dir.resolve("moving-" + (round + 1) + ".bin");
            long moving = 0;
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(current), 64 * 1024));
                    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(next)))) {
                List<Candidate> batch = new ArrayList<>(BATCH);
                for (long i = 0; i < waiting; i++) {
                    batch.add(Candidate.read(in));
                    if (batch.size() == BATCH || i == waiting - 1) {
                        moving += check(batch, out, last);
                        batch.clear();
                    }
                }
            }
            Files.deleteIfExists(current);
            current = next;
            waiting = moving;
        }
        Files.deleteIfExists(current);
    }

    /** Checks one batch again; returns how many are still moving (written to {@code out}). */
    private long check(List<Candidate> batch, DataOutputStream out, boolean last) throws IOException, InterruptedException {
        List<IndexReader.Ref> refs = new ArrayList<>(batch.size());
        for (Candidate candidate : batch) {
            refs.add(candidate.document() != null
                    ? new IndexReader.Ref(candidate.document().index(), candidate.document().id(), candidate.document().routing())
                    : new IndexReader.Ref(candidate.source().index(), candidate.source().id(), candidate.source().routing()));
        }
        List<IndexReader.Fetched> fetched = index.get(refs);
        List<com.fasterxml.jackson.databind.JsonNode> documents = new ArrayList<>(batch.size());
        fetched.forEach(found -> documents.add(found == null ? null : found.source()));
        List<Source.Expected> expected = source.reread(batch, documents);
        long moving = 0;
        for (int i = 0; i < batch.size(); i++) {
            Candidate candidate = batch.get(i);
            Source.Expected now = expected.get(i);
            SourceItem item = now == null ? null : now.item();
            IndexDoc document = fetched.get(i) == null ? null : fetched.get(i).document();
            Verdict verdict = comparison.compare(item, document);
            if (verdict == Verdict.MATCHING) {
                findings.settled();
                continue;
            }
            boolean sourceMoved = candidate.source() == null ? item != null : !candidate.source().sameState(item);
            boolean indexMoved = candidate.document() == null ? document != null : !candidate.document().sameWrite(document);
            if (sourceMoved || indexMoved) {
                if (last) {
                    findings.changing(candidate.id());
                } else {
                    new Candidate(verdict, item, document).write(out);
                    moving++;
                }
                continue;
            }
            findings.confirmed(verdict, candidate.id());
            progress.confirmed.incrementAndGet();
            if (repair != null) {
                repair.add(verdict, now, document);
            }
        }
        if (repair != null) {
            repair.flush();
        }
        return moving;
    }
}
