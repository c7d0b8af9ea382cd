package io.kinesisopensearch.localstack.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisopensearch.consumer.ConsumerWorker;
import io.kinesisopensearch.sink.batch.Ledger;
import io.kinesisopensearch.sink.bulk.WriteCounters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ledger's identity, which every failure test asserts at its end: each record received has one
 * outcome, received = acknowledged + stale + coalesced + dead-lettered + released + pending, and no
 * ledger ever broke. Read where an operator reads it: a worker's counters (its final stats line, for
 * a worker process), each shard's meters on {@code /metrics}, a load's summary.
 */
public final class Ledgers {

    private static final String SETTLED = "kinesis_opensearch_shard_records_settled_total";
    private static final String RECEIVED = "kinesis_opensearch_shard_records_received_total";
    private static final String PENDING = "kinesis_opensearch_shard_pending_records";
    private static final List<String> OUTCOMES = List.of("acknowledged", "stale", "coalesced", "dead_lettered", "released");

    private Ledgers() {
    }

    /**
     * A worker's counters once nothing is pending (it stopped, or settled everything it read): every
     * record received settled or released, no break. Returns them as a ledger account, for the test's
     * own figures.
     */
    public static Ledger.Account assertBalanced(WriteCounters.Snapshot stats) {
        Ledger.Account account = new Ledger.Account(stats.recordsReceived(), stats.recordsAcknowledged(),
                stats.recordsStale(), stats.recordsCoalesced(), stats.deadLetters(), stats.recordsReleased(), 0);
        assertThat(stats.ledgerBreaks()).as("ledger breaks, %s", account).isZero();
        assertThat(account.balanced()).as("the worker's ledger: %s", account).isTrue();
        return account;
    }

    /** A worker process's counters as its last stats line gave them ({@code WorkerProcess.lastStats()}). */
    public static Ledger.Account assertBalanced(Map<String, Long> lastStats) {
        assertThat(lastStats).as("a stats line").containsKeys("recordsReceived", "recordsAcknowledged",
                "recordsStale", "recordsCoalesced", "deadLetters", "recordsReleased", "ledgerBreaks");
        Ledger.Account account = new Ledger.Account(lastStats.get("recordsReceived"), lastStats.get("recordsAcknowledged"),
                lastStats.get("recordsStale"), lastStats.get("recordsCoalesced"), lastStats.get("deadLetters"),
                lastStats.get("recordsReleased"), 0);
        assertThat(lastStats.get("ledgerBreaks")).as("ledger breaks, %s", account).isZero();
        assertThat(account.balanced()).as("the worker's ledger: %s", account).isTrue();
        return account;
    }

    /**
     * Each shard of a running worker, from {@code /metrics}: received = the outcomes + pending, and
     * no break. Returns each shard's account by {@code stream/shard}.
     */
    public static Map<String, Ledger.Account> assertBalanced(Scrape scrape) {
        assertThat(scrape.value("kinesis_opensearch_ledger_breaks_total")).as("ledger breaks").isZero();
        Map<String, Ledger.Account> shards = new LinkedHashMap<>();
        for (Map.Entry<String, Double> received : scrape.byLabel(RECEIVED, "shard").entrySet()) {
            Map<String, String> shard = Map.of("shard", received.getKey());
            long[] settled = new long[OUTCOMES.size()];
            for (int i = 0; i < settled.length; i++) {
                Map<String, String> labels = new LinkedHashMap<>(shard);
                labels.put("outcome", OUTCOMES.get(i));
                settled[i] = (long) scrape.sum(SETTLED, labels);
            }
            Ledger.Account account = new Ledger.Account(received.getValue().longValue(), settled[0], settled[1],
                    settled[2], settled[3], settled[4], (long) scrape.sum(PENDING, shard));
            assertThat(account.balanced()).as("shard %s: %s", received.getKey(), account).isTrue();
            shards.put(received.getKey(), account);
        }
        assertThat(shards).as("shards on /metrics").isNotEmpty();
        return shards;
    }

    /**
     * An in-process worker at the end of a test, while it still runs (each shard on {@code /metrics})
     * and once stopped (its counters); returns the latter.
     */
    public static Ledger.Account assertBalancedThroughShutdown(ConsumerWorker worker) {
        assertBalanced(Scrape.metrics(worker.metricsPort().orElseThrow()));
        assertThat(worker.shutdown(java.time.Duration.ofSeconds(30))).as("graceful shutdown").isTrue();
        return assertBalanced(worker.stats().snapshot());
    }
}
