package io.kinesisopensearch.consumer;

import io.kinesisopensearch.config.Settings;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How the worker reads its streams ({@link SourceStream}) and how KCL is tuned.
 *
 * @param applicationName   the KCL application: names the DynamoDB lease table that workers share
 * @param initialPosition   where a shard without a checkpoint starts
 * @param initialTimestamp  the start time, present exactly when {@code initialPosition} is AT_TIMESTAMP
 * @param retrieval         enhanced fan-out or polling
 * @param pollingIdleTime   with polling, the pause between GetRecords calls on an idle shard
 * @param maxRecordsPerFetch with polling, the most records one GetRecords call returns (at most 10 MiB);
 *                          a shard holds about two such fetches however low the two limits below
 *                          are (one queued, one being processed): the first setting to lower for a
 *                          small heap (consumer/README.md, "Memory")
 * @param maxPendingFetches with polling, how many fetched GetRecords results KCL holds per shard ahead
 *                          of the processor ...
 * @param maxPrefetchBytes  ... and how many bytes of record data they may hold together (KCL stops
 *                          fetching when either is reached, checked before each fetch: the last
 *                          fetch crosses the bytes, and a limit below one fetch still lets one in)
 * @param failoverTime      how long a lease may go unrenewed before another worker takes it; each
 *                          lease is renewed three times in it
 * @param shardSyncInterval the pause after a shard sync before the next may run (KCL sleeps it once
 *                          at the first start of an application, after creating the leases)
 * @param leaseAssignment   how leases are spread over workers
 * @param assignmentInterval how often the leader assigns free and expired leases (KCL's
 *                          {@code leaseAssignmentIntervalMillis}); workers look for leases given to
 *                          them twice as often
 * @param leaderLock        how long the leader's lock lasts unrenewed: the lease-assignment leader
 *                          is replaced this long after it dies
 * @param leaderHeartbeat   how often the leader renews its lock
 * @param dispatchInterval  how often KCL's scheduler loop moves each shard's consumer on (to initialising,
 *                          then reading) and starts consumers for new leases: a new lease is read
 *                          only after two or three of these
 * @param workerReport      how often a worker reports itself (and its load) in the worker-metrics table; one
 *                          silent for two reports is taken for dead and its leases go to others
 * @param metricsLevel      what KCL sends to CloudWatch; NONE sends nothing
 */
public record KinesisSourceConfig(
        String applicationName,
        InitialPosition initialPosition,
        Optional<Instant> initialTimestamp,
        Retrieval retrieval,
        Duration pollingIdleTime,
        int maxRecordsPerFetch,
        int maxPendingFetches,
        int maxPrefetchBytes,
        Duration failoverTime,
        Duration shardSyncInterval,
        LeaseAssignment leaseAssignment,
        Duration assignmentInterval,
        Duration leaderLock,
        Duration leaderHeartbeat,
        Duration dispatchInterval,
        Duration workerReport,
        MetricsLevel metricsLevel) {

    /** The one stream of a single-stream worker; see {@link SourceStream}. */
    public static final String STREAM = "kinesis.stream";
    public static final String APPLICATION_NAME = "kinesis.application-name";
    public static final String INITIAL_POSITION = "kinesis.initial-position";
    public static final String INITIAL_TIMESTAMP = "kinesis.initial-timestamp";
    public static final String RETRIEVAL = "kinesis.retrieval";
    public static final String POLLING_IDLE_TIME = "kinesis.polling-idle-time";
    public static final String MAX_RECORDS_PER_FETCH = "kinesis.max-records-per-fetch";
    public static final String MAX_PENDING_FETCHES = "kinesis.max-pending-fetches";
    public static final String MAX_PREFETCH_BYTES = "kinesis.max-prefetch-bytes";
    public static final String FAILOVER_TIME = "kcl.failover-time";
    public static final String SHARD_SYNC_INTERVAL = "kcl.shard-sync-interval";
    public static final String LEASE_ASSIGNMENT = "kcl.lease-assignment";
    public static final String ASSIGNMENT_INTERVAL = "kcl.lease-assignment-interval";
    public static final String LEADER_LOCK = "kcl.leader-lock";
    public static final String LEADER_HEARTBEAT = "kcl.leader-heartbeat";
    public static final String DISPATCH_INTERVAL = "kcl.dispatch-interval";
    public static final String WORKER_REPORT = "kcl.worker-report-interval";
    public static final String METRICS_LEVEL = "kcl.metrics-level";

    /** Where a shard without a checkpoint starts reading. */
    public enum InitialPosition { TRIM_HORIZON, LATEST, AT_TIMESTAMP }

    /** How records are fetched: a dedicated HTTP/2 push per shard, or GetRecords polling. */
    public enum Retrieval { FANOUT, POLLING }

    /** KCL's lease assignment strategies: by worker load, or an even count of leases per worker. */
    public enum LeaseAssignment { WORKER_UTILIZATION_AWARE, LEASE_COUNT_BASED }

    /** KCL's CloudWatch metrics levels. */
    public enum MetricsLevel { NONE, SUMMARY, DETAILED }

    public static KinesisSourceConfig from(Settings settings) {
        String application = settings.require(APPLICATION_NAME,
                "the KCL application name; it names the DynamoDB lease table the workers share");
        InitialPosition position = settings.getEnum(INITIAL_POSITION, InitialPosition.class, InitialPosition.TRIM_HORIZON);
        Optional<Instant> timestamp = settings.find(INITIAL_TIMESTAMP).map(text -> parseInstant(text));
        if (position == InitialPosition.AT_TIMESTAMP && timestamp.isEmpty()) {
            settings.require(INITIAL_TIMESTAMP, "the ISO-8601 start time, required with AT_TIMESTAMP");
        }
        if (position != InitialPosition.AT_TIMESTAMP && timestamp.isPresent()) {
            throw Settings.invalid(INITIAL_TIMESTAMP, timestamp.get().toString(),
                    "only used with " + INITIAL_POSITION + " = AT_TIMESTAMP");
        }
        // Defaults for a fast, safe start and handoff (KCL's own are 10 s, 1 min, 20 s, 2 min, 30 s and
        // 30 s): see docs on start-up and handoff for what each costs in lease-table calls.
        Duration leaderLock = settings.getDuration(LEADER_LOCK, Duration.ofSeconds(10));
        Duration leaderHeartbeat = settings.getDuration(LEADER_HEARTBEAT, Duration.ofSeconds(3));
        if (leaderHeartbeat.compareTo(leaderLock) >= 0) {
            throw Settings.invalid(LEADER_HEARTBEAT, leaderHeartbeat.toString(),
                    "must be shorter than " + LEADER_LOCK + " (" + leaderLock + ")");
        }
        Duration failoverTime = settings.getDuration(FAILOVER_TIME, Duration.ofSeconds(6));
        // 1 s: a starting worker gets its leases at the leader's first run after its first report
        // (ConsumerWorker: half a second after KCL starts), not a 2 s tick later; the price is a
        // lease-table Scan a second by the leader and an index query every half second per worker.
        Duration assignmentInterval = settings.getDuration(ASSIGNMENT_INTERVAL, Duration.ofSeconds(1));
        // KCL's default is 1 s; each loop only walks the worker's leases in memory, so a quarter of it
        // costs a little CPU and no lease-table calls, and takes about 2 s off every lease's start.
        Duration dispatchInterval = settings.getDuration(DISPATCH_INTERVAL, Duration.ofMillis(250));
        if (dispatchInterval.toMillis() < 10) {
            throw Settings.invalid(DISPATCH_INTERVAL, dispatchInterval.toString(), "must be at least 10ms");
        }
        if (assignmentInterval.toMillis() < 100) {
            throw Settings.invalid(ASSIGNMENT_INTERVAL, assignmentInterval.toString(), "must be at least 100ms");
        }
        return new KinesisSourceConfig(
                application,
                position,
                timestamp,
                settings.getEnum(RETRIEVAL, Retrieval.class, Retrieval.FANOUT),
                settings.getDuration(POLLING_IDLE_TIME, Duration.ofMillis(1500)),
                // KCL's own defaults and limits (PollingConfig, SimpleRecordsFetcherFactory), except the
                // pending fetches: one, not KCL's 3. A shard is read at most once per idle time however
                // many wait, so more only hold records while the processor is slower (bench/README.md, "One pending fetch").
                settings.getInt(MAX_RECORDS_PER_FETCH, 10_000, 1, 10_000),
                settings.getInt(MAX_PENDING_FETCHES, 1, 1, 10),
                settings.getInt(MAX_PREFETCH_BYTES, 8 * 1024 * 1024, 1024, Integer.MAX_VALUE),
                failoverTime,
                settings.getDuration(SHARD_SYNC_INTERVAL, Duration.ofSeconds(5)),
                settings.getEnum(LEASE_ASSIGNMENT, LeaseAssignment.class, LeaseAssignment.WORKER_UTILIZATION_AWARE),
                assignmentInterval,
                leaderLock,
                leaderHeartbeat,
                dispatchInterval,
                settings.getDuration(WORKER_REPORT, Duration.ofSeconds(3)),
                settings.getEnum(METRICS_LEVEL, MetricsLevel.class, MetricsLevel.NONE));
    }

    private static Instant parseInstant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw Settings.invalid(INITIAL_TIMESTAMP, text, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }
}
