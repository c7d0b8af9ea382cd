package io.kinesisopensearch.loader.reindex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.decode.Json;
import io.kinesisopensearch.loader.LoadConfig;
import io.kinesisopensearch.loader.LoadPlan;
import io.kinesisopensearch.loader.ObjectMappers;
import io.kinesisopensearch.loader.S3Load;
import io.kinesisopensearch.loader.progress.ProgressPrinter;
import io.kinesisopensearch.loader.reconcile.Reconcile;
import io.kinesisopensearch.loader.reconcile.ReconcileConfig;
import io.kinesisopensearch.loader.reconcile.ReconcileReport;
import io.kinesisopensearch.mapping.MappingConfig;
import io.kinesisopensearch.sink.OpenSearchSink;
import io.kinesisopensearch.sink.aws.AwsClientConfig;
import io.kinesisopensearch.sink.bulk.DualWrites;
import io.kinesisopensearch.sink.index.IndexBootstrapConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The reindex command: moves the alias the writers write through ({@code opensearch.index} with
 * {@code opensearch.index-alias=true}) to a new index with a new mapping, without downtime and
 * without losing a change. The steps, each recorded in a state document in the cluster
 * ({@link DualWrites#STATE_INDEX}) before the next begins, so that a run stopped anywhere is
 * carried on by the next run (or rolled back by {@code --rollback}):
 *
 * <ol>
 * <li><b>create</b>: the next index, {@code <alias>-00000N}, with the template or index settings of
 * the settings; while it is filled, refresh off, its translog synced every 5 s, deletes remembered
 * for 12 h (all put back, and the index flushed, before the check);</li>
 * <li><b>dual writing</b>: the state tells the writers (the workers of every task, the Lambda
 * handlers, loads) to copy each action to the other index, with the version the alias's index
 * gave it; every writer knows within {@link DualWrites#REFRESH}, which the command waits out;</li>
 * <li><b>backfill</b>: from the source of truth ({@code reindex.source}: a DynamoDB table, objects
 * under an S3 prefix), or from the current index with each document's version;</li>
 * <li><b>check</b>: the next index is compared with the table, or with the current index, as the
 * reconcile compares; the command stops before the swap when they differ;</li>
 * <li><b>swap</b>: the current index stops refreshing (nothing new becomes visible in it), the
 * settle time lets copies in flight land, the next index is refreshed, and one {@code _aliases}
 * request moves the alias. The writers then copy to the old index, kept for {@code --rollback},
 * until {@code --finish} stops the copies and deletes it.</li>
 * </ol>
 *
 * <p>Run as {@code java -cp 'consumer/target/*:consumer/target/lib/*'
 * io.kinesisopensearch.loader.reindex.Reindex [--rollback | --finish]} with the writers' settings
 * (the new template or index settings in the files they name) plus {@code reindex.source}. Progress
 * on stderr, the steps on stdout. Exit status: 0 when done, 3 when the check found differences
 * (stopped before the swap), 2 for a bad setting or a target that cannot be reindexed, 1 when it
 * failed (run it again to carry on).
 */
public final class Reindex {

    private static final Logger LOG = LoggerFactory.getLogger(Reindex.class);

    /** Besides {@link DualWrites#REFRESH}: a writer's state read in flight, clocks that drift apart. */
    static final Duration MARGIN = Duration.ofSeconds(2);
    /** How long the next index keeps the versions of deleted documents while it is filled. */
    static final String GC_DELETES_WHILE_FILLED = "12h";

    /** What the command is asked to do. */
    public enum Action {
        /** Start a reindex, or carry on with the one stopped, up to the swap. */
        RUN,
        /** Put the alias back on the old index, stop the copies, delete the new index. */
        ROLLBACK,
        /** After the swap: stop the copies and delete the old index. */
        FINISH
    }

    /** Told of the backfill's progress; for tests that stop a reindex midway. */
    public interface Observer {
        /**
         * The backfill has read {@code documents} so far.
         *
         * @param documents documents or items read
         * @throws IOException to stop the reindex there
         */
        default void copied(long documents) throws IOException {
        }
    }

    /**
     * What a run did.
     *
     * @param alias  the alias
     * @param from   the index the alias pointed at when the reindex started
     * @param to     the new index
     * @param phase  where the reindex stands now
     * @param steps  every step of this reindex so far, those of earlier runs included
     * @param check  the check's report, when this run checked
     * @param status the exit status: 0 done, 3 the check found differences
     */
    public record Report(String alias, String from, String to, String phase, List<String> steps,
            Optional<ReconcileReport> check, int status) {

        /**
         * The report as printed.
         *
         * @return one line per step, then where the reindex stands
         */
        public String text() {
            StringBuilder text = new StringBuilder();
            text.append("Reindex of ").append(alias).append(": ").append(from).append(" -> ").append(to).append('\n');
            steps.forEach(step -> text.append("  ").append(step).append('\n'));
            text.append("Now: ").append(phase);
            return text.toString();
        }
    }

    private final Settings settings;
    private final ReindexConfig config;
    private final OpenSearchSink sink;
    private final Cluster cluster;
    private final PrintStream out;
    private final Observer observer;

    private Reindex(Settings settings, ReindexConfig config, OpenSearchSink sink, PrintStream out, Observer observer) {
        this.settings = settings;
        this.config = config;
        this.sink = sink;
        this.cluster = new Cluster(sink.client(), sink.bulk().retry());
        this.out = out;
        this.observer = observer;
    }

    /**
     * Runs with the settings of the environment and exits with the status above.
     *
     * @param args none, {@code --rollback} or {@code --finish}
     */
    public static void main(String[] args) {
        Action action = Action.RUN;
        for (String arg : args) {
            if (arg.equals("--rollback")) {
                action = Action.ROLLBACK;
            } else if (arg.equals("--finish")) {
                action = Action.FINISH;
            } else {
                System.err.println("Usage: Reindex [--rollback | --finish]   (unknown argument " + arg + ")");
                System.exit(ConfigException.EXIT_STATUS);
                return;
            }
        }
        Report report;
        try {
            report = run(Settings.fromEnvironment(), action, System.err, new Observer() { });
        } catch (ConfigException e) {
            System.err.println("Reindex refused: " + e.getMessage());
            System.exit(ConfigException.EXIT_STATUS);
            return;
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.err.println("Reindex stopped: " + e + " (run it again to carry on, or with --rollback)");
            System.exit(1);
            return;
        }
        report.check().filter(check -> !check.equal()).ifPresent(check -> System.out.println(check.text()));
        System.out.println(report.text());
        System.exit(report.status());
    }

    /**
     * Does {@code action} for the alias of {@code opensearch.index}.
     *
     * @param settings the writers' settings plus {@code reindex.source}
     * @param action   what to do
     * @param out      where progress goes
     * @param observer told of the backfill's progress
     * @return what was done
     * @throws ConfigException      when a setting is bad, the target cannot be reindexed, or the
     *                              action does not fit where the reindex stands
     * @throws IOException          when OpenSearch or the source failed; run again to carry on
     * @throws InterruptedException when the thread is interrupted; run again to carry on
     */
    public static Report run(Settings settings, Action action, PrintStream out, Observer observer)
            throws IOException, InterruptedException {
        ReindexConfig config = ReindexConfig.from(settings);
        // The command's own sink writes to concrete indexes; it copies nothing itself.
        Settings own = settings.with(IndexBootstrapConfig.ALIAS, "false");
        try (OpenSearchSink sink = OpenSearchSink.builder().settings(own).build()) {
            Reindex reindex = new Reindex(settings, config, sink, out, observer);
            return switch (action) {
                case RUN -> reindex.run();
                case ROLLBACK -> reindex.rollback();
                case FINISH -> reindex.finish();
            };
        }
    }

    private Report run() throws IOException, InterruptedException {
        ReindexState state = readState();
        if (state != null && (state.phase == ReindexState.Phase.FINISHING || state.phase == ReindexState.Phase.ROLLING_BACK)) {
            throw new ConfigException("the reindex of " + config.alias() + " was stopped while "
                    + (state.phase == ReindexState.Phase.FINISHING ? "finishing; run it with --finish again"
                    : "rolling back; run it with --rollback again"));
        }
        if (state == null || state.phase.ended()) {
            state = start(state);
        } else {
            if (!state.source.equals(config.source())) {
                LOG.warn("The reindex of {} under way backfills from {}, not {}: carrying on with {}", config.alias(),
                        state.source, config.source(), state.source);
            }
            progress("carrying on from " + state.phase + " (" + state.from + " -> " + state.to + ")");
        }
        ReconcileReport check = null;
        while (state.phase != ReindexState.Phase.SWAPPED) {
            switch (state.phase) {
                case STARTED -> create(state);
                case CREATED -> dualWriting(state);
                case DUAL_WRITING -> backfill(state);
                case BACKFILLED -> {
                    check = check(state);
                    if (!check.equal()) {
                        progress("stopped before the swap: " + state.to + " differs from " + checkedAgainst(state)
                                + "; the writers still copy to it. Run again to check again, or --rollback");
                        return report(state, check, 3);
                    }
                }
                case CHECKED -> swap(state);
                default -> throw new IllegalStateException("no step from " + state.phase);
            }
        }
        progress("done: " + config.alias() + " -> " + state.to + "; " + state.from + " is kept and copied to until"
                + " --finish deletes it (--rollback puts the alias back)");
        return report(state, check, 0);
    }

    private ReindexState start(ReindexState ended) throws IOException, InterruptedException {
        String current = writeIndex();
        int generation = generation(current);
        String next;
        do {
            next = IndexBootstrapConfig.generation(config.alias(), ++generation);
        } while (cluster.call("HEAD", "/" + next, null).status() == 200);
        ReindexState state = ReindexState.start(config.alias(), current, next, config.source());
        if (ended != null) {
            state.seqNo = ended.seqNo;
            state.primaryTerm = ended.primaryTerm;
        }
        saveState(state);
        progress("reindexing " + config.alias() + " from " + current + " into " + next + ", backfilled from "
                + config.source());
        return state;
    }

    /** Step 1: the next index with the new mapping, its copy alias and the current one's; refresh off while it fills. */
    private void create(ReindexState state) throws IOException, InterruptedException {
        long started = System.nanoTime();
        IndexBootstrapConfig bootstrap = config.bootstrap();
        if (bootstrap.template().isPresent()) {
            cluster.require("PUT", "/_index_template/" + bootstrap.templateName(),
                    Json.mapper().readTree(bootstrap.template().get().json()), "apply the index template from "
                            + bootstrap.template().get().path());
        }
        ObjectNode body = bootstrap.indexSettings().isPresent()
                ? (ObjectNode) Json.mapper().readTree(bootstrap.indexSettings().get().json()) : Json.nodes().objectNode();
        // No alias of the writers' on the new index yet: only its copy alias.
        ObjectNode aliases = body.putObject("aliases");
        aliases.putObject(DualWrites.copyAlias(state.to));
        Cluster.Answer created = cluster.call("PUT", "/" + state.to, body);
        if (!created.ok() && !created.errorType().equals("resource_already_exists_exception")) {
            throw new ConfigException("OpenSearch refused the new index " + state.to + " from "
                    + bootstrap.indexSettings().or(bootstrap::template).map(file -> file.path().toString()).orElse("")
                    + ": " + created);
        }
        aliases(action("add", state.from, DualWrites.copyAlias(state.from), false));
        if (!state.restore.containsKey(state.to)) {
            state.restore.put(state.to, settingsOf(state.to, "refresh_interval", "gc_deletes", "translog.durability"));
            saveState(state);
        }
        // While it fills, the next index is written twice as often as it is read: no refreshes, and its
        // translog synced every 5 s rather than at every bulk request (the check comes after a flush).
        putSettings(state.to, Map.of("refresh_interval", "-1", "gc_deletes", GC_DELETES_WHILE_FILLED,
                "translog.durability", "async"));
        long millis = elapsed(started);
        state.phase = ReindexState.Phase.CREATED;
        state.step("create", millis, "created " + state.to + " with "
                + bootstrap.indexSettings().or(bootstrap::template).map(file -> file.path().getFileName().toString())
                .orElse("") + ", refresh off and translog synced every 5 s while it fills");
        saveState(state);
        progress("created " + state.to + " (" + seconds(millis) + ")");
    }

    /** Step 2: the writers copy from now on; every one of them knows once {@link DualWrites#REFRESH} has passed. */
    private void dualWriting(ReindexState state) throws IOException, InterruptedException {
        long started = System.nanoTime();
        state.copyBetweenBoth();
        state.phase = ReindexState.Phase.DUAL_WRITING;
        saveState(state);
        progress("dual writing on: every writer copies to " + state.to + " within " + DualWrites.REFRESH.toSeconds()
                + " s; waiting " + (DualWrites.REFRESH.plus(MARGIN).toSeconds()) + " s");
        waitForWriters(state);
        state.step("dual writing", elapsed(started), "writers copy between " + state.from + " and " + state.to
                + " (each learns within " + DualWrites.REFRESH.toSeconds() + " s)");
        saveState(state);
    }

    /** Step 3: the next index filled from the source, with versions a live change outranks. */
    private void backfill(ReindexState state) throws IOException, InterruptedException {
        waitForWriters(state);
        long started = System.nanoTime();
        // Whatever a writer wrote without a copy was written before this refresh, so the backfill sees it.
        cluster.require("POST", "/" + state.from + "/_refresh", null, "refresh " + state.from);
        String detail;
        // A line every progress interval while a table or an index is copied (an S3 backfill prints the load's own).
        AtomicLong copied = new AtomicLong();
        Observer counting = new Observer() {
            @Override
            public void copied(long documents) throws IOException {
                copied.set(documents);
                observer.copied(documents);
            }
        };
        long total = config.kind() == ReindexConfig.SourceKind.INDEX ? count(state.from) : -1;
        Duration every = settings.getDuration(ReconcileConfig.PROGRESS_INTERVAL, Duration.ofSeconds(5));
        try (ProgressPrinter printer = config.kind() == ReindexConfig.SourceKind.OBJECTS ? null
                : new ProgressPrinter("reindex-progress", out, false, every,
                        () -> backfillLine(state, copied.get(), total, elapsed(started)))) {
            switch (config.kind()) {
                case INDEX -> {
                    IndexCopy.Counts counts = new IndexCopy(cluster, sink.writer(), state.from, state.to,
                            Math.max(1, Math.min(4, sink.bulk().maxConcurrency())), counting).run();
                    detail = String.format(Locale.ROOT, "%d documents copied from %s with their versions: %d written,"
                            + " %d older than a live copy, %d refused by the new index", counts.read(), state.from,
                            counts.written(), counts.stale(), counts.refused());
                    detail += rate(counts.read(), elapsed(started));
                }
                case TABLE -> {
                    Settings next = nextIndexSettings(state);
                    try (DynamoDbClient dynamoDb = LoadPlan.dynamoDbClient(AwsClientConfig.from(settings));
                            OpenSearchSink nextSink = OpenSearchSink.builder().settings(next).build()) {
                        TableBackfill.Counts counts = new TableBackfill(dynamoDb, config.table(),
                                ReconcileConfig.from(next.with(ReconcileConfig.SOURCE, config.source())).liveSource(),
                                config.segments(), ObjectMappers.from(next).dynamodb(), nextSink, counting).run();
                        detail = String.format(Locale.ROOT, "%d items scanned from %s: %d written, %d older than a live"
                                + " copy, %d dead letters", counts.read(), config.source(), counts.written(),
                                counts.stale(), counts.deadLetters()) + rate(counts.read(), elapsed(started));
                    }
                }
                case OBJECTS -> {
                    Files.createDirectories(config.workDir());
                    Settings next = nextIndexSettings(state).with(LoadConfig.SOURCE, config.source())
                            .with(LoadConfig.PROGRESS_FILE, config.workDir().resolve("reindex-" + state.to + "-load.txt")
                                    .toString());
                    S3Load.Summary summary = S3Load.load(next, out, false);
                    observer.copied(summary.rows());
                    detail = summary.progress();
                }
                default -> throw new IllegalStateException(config.kind().name());
            }
        }
        long millis = elapsed(started);
        state.phase = ReindexState.Phase.BACKFILLED;
        state.step("backfill", millis, detail);
        saveState(state);
        progress("backfilled " + state.to + " (" + seconds(millis) + "): " + detail);
    }

    /** Step 4: the next index compared with the table, or with the current index. */
    private ReconcileReport check(ReindexState state) throws IOException, InterruptedException {
        long started = System.nanoTime();
        restoreSettings(state, state.to);
        cluster.require("POST", "/" + state.to + "/_flush", null, "flush " + state.to);
        cluster.require("POST", "/" + state.to + "/_refresh", null, "refresh " + state.to);
        cluster.require("POST", "/" + state.from + "/_refresh", null, "refresh " + state.from);
        Settings next = nextIndexSettings(state);
        ReconcileReport report = config.kind() == ReindexConfig.SourceKind.TABLE
                ? Reconcile.run(next.with(ReconcileConfig.SOURCE, state.source), false, out, false)
                : Reconcile.compareIndexes(next, state.from, config.kind() == ReindexConfig.SourceKind.INDEX, out, false);
        long millis = elapsed(started);
        String detail = String.format(Locale.ROOT, "%s against %s: %d matching, %d missing, %d stale, %d extra"
                + " (%d changed during the check and settled)", report.equal() ? "equal" : "DIFFERENT",
                checkedAgainst(state), report.count(io.kinesisopensearch.loader.reconcile.Verdict.MATCHING),
                report.count(io.kinesisopensearch.loader.reconcile.Verdict.MISSING),
                report.count(io.kinesisopensearch.loader.reconcile.Verdict.STALE),
                report.count(io.kinesisopensearch.loader.reconcile.Verdict.EXTRA), report.settled());
        state.step("check", millis, detail);
        if (report.equal()) {
            state.phase = ReindexState.Phase.CHECKED;
        }
        saveState(state);
        progress("checked " + state.to + " (" + seconds(millis) + "): " + detail);
        return report;
    }

    /** Step 5: the alias moved in one request, after the current index stopped showing new changes and the copies landed. */
    private void swap(ReindexState state) throws IOException, InterruptedException {
        long started = System.nanoTime();
        moveAlias(state, state.from, state.to);
        long millis = elapsed(started);
        state.phase = ReindexState.Phase.SWAPPED;
        state.step("swap", millis, config.alias() + " -> " + state.to + " in one _aliases request, after "
                + config.settleTime().toMillis() + " ms for copies in flight; " + state.from + " kept and copied to");
        saveState(state);
        progress("swapped " + config.alias() + " to " + state.to + " (" + seconds(millis) + ")");
    }

    /**
     * Moves the alias from {@code from} to {@code to}: {@code from} stops refreshing, so that nothing
     * becomes visible there whose copy has not reached {@code to}; after the settle time for copies in
     * flight {@code to} is refreshed, and one {@code _aliases} request moves the alias and its write index.
     */
    private void moveAlias(ReindexState state, String from, String to) throws IOException, InterruptedException {
        if (to.equals(writeIndex())) {
            restoreSettings(state, from);
            return; // moved before the run that did it was stopped
        }
        if (!state.restore.containsKey(from)) {
            state.restore.put(from, settingsOf(from, "refresh_interval"));
            saveState(state);
        }
        putSettings(from, Map.of("refresh_interval", "-1"));
        Thread.sleep(config.settleTime().toMillis());
        cluster.require("POST", "/" + to + "/_refresh", null, "refresh " + to);
        aliases(action("remove", from, config.alias(), false), action("add", to, config.alias(), true));
        restoreSettings(state, from);
    }

    private Report rollback() throws IOException, InterruptedException {
        ReindexState state = readState();
        if (state == null || state.phase.ended()) {
            throw new ConfigException("no reindex of " + config.alias() + " to roll back"
                    + (state == null ? "" : " (the last one is " + state.phase + ")"));
        }
        if (state.phase == ReindexState.Phase.FINISHING) {
            throw new ConfigException("the reindex of " + config.alias() + " is being finished ("
                    + state.from + " is being deleted); run --finish again");
        }
        long started = System.nanoTime();
        state.phase = ReindexState.Phase.ROLLING_BACK;
        saveState(state);
        if (cluster.call("HEAD", "/" + state.to, null).status() == 200 && state.to.equals(writeIndex())) {
            moveAlias(state, state.to, state.from);
            progress("moved " + config.alias() + " back to " + state.from);
        }
        if (!state.copies.isEmpty()) {
            state.stopCopies();
            saveState(state);
            progress("copies off; waiting " + DualWrites.REFRESH.plus(MARGIN).toSeconds() + " s for every writer");
        }
        waitForWriters(state);
        restoreSettings(state, state.from);
        delete(state.to);
        removeAlias(state.from, DualWrites.copyAlias(state.from));
        state.phase = ReindexState.Phase.ROLLED_BACK;
        state.step("rollback", elapsed(started), config.alias() + " -> " + state.from + "; " + state.to + " deleted");
        saveState(state);
        progress("rolled back: " + config.alias() + " -> " + state.from + ", " + state.to + " deleted");
        return report(state, null, 0);
    }

    private Report finish() throws IOException, InterruptedException {
        ReindexState state = readState();
        if (state == null || state.phase != ReindexState.Phase.SWAPPED && state.phase != ReindexState.Phase.FINISHING) {
            throw new ConfigException("--finish deletes the old index after the swap, but the reindex of "
                    + config.alias() + " is " + (state == null ? "not there" : "at " + state.phase)
                    + "; run the reindex to its swap first");
        }
        long started = System.nanoTime();
        if (state.phase == ReindexState.Phase.SWAPPED) {
            state.phase = ReindexState.Phase.FINISHING;
            state.stopCopies();
            saveState(state);
            progress("copies off; waiting " + DualWrites.REFRESH.plus(MARGIN).toSeconds() + " s for every writer");
        }
        waitForWriters(state);
        removeAlias(state.to, DualWrites.copyAlias(state.to));
        delete(state.from);
        state.phase = ReindexState.Phase.FINISHED;
        state.step("finish", elapsed(started), state.from + " deleted; " + config.alias() + " -> " + state.to);
        saveState(state);
        progress("finished: " + state.from + " deleted");
        return report(state, null, 0);
    }

    /** Waits until every writer has read the copy targets as last changed. */
    private void waitForWriters(ReindexState state) throws InterruptedException {
        long until = state.copiesChangedAt + DualWrites.REFRESH.plus(MARGIN).toMillis();
        long wait = until - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    private String checkedAgainst(ReindexState state) {
        return config.kind() == ReindexConfig.SourceKind.TABLE ? state.source : state.from;
    }

    /** The writers' settings, writing to the next index itself (no alias, no copies). */
    private Settings nextIndexSettings(ReindexState state) {
        return settings.with(MappingConfig.INDEX, state.to).with(IndexBootstrapConfig.ALIAS, "false");
    }

    /** The alias's write index, or its only index. */
    private String writeIndex() throws IOException, InterruptedException {
        Cluster.Answer answer = cluster.call("GET", "/_alias/" + encode(config.alias()), null);
        if (answer.status() == 404) {
            throw new ConfigException("the alias " + config.alias() + " does not exist: start the writers with "
                    + Settings.describe(IndexBootstrapConfig.ALIAS) + " = true first");
        }
        if (!answer.ok()) {
            throw new IOException("cannot read the alias " + config.alias() + ": " + answer);
        }
        String only = null;
        for (var index = answer.body().fields(); index.hasNext(); ) {
            var entry = index.next();
            JsonNode alias = entry.getValue().path("aliases").path(config.alias());
            if (alias.path("is_write_index").asBoolean(false)) {
                return entry.getKey();
            }
            only = only == null ? entry.getKey() : "";
        }
        if (only == null || only.isEmpty()) {
            throw new ConfigException("the alias " + config.alias() + " points at several indexes and none is its"
                    + " write index: " + answer.body().fieldNames());
        }
        return only;
    }

    /** The generation of {@code index}: the number after the alias ({@code orders-000003} is 3), else 1. */
    private int generation(String index) {
        String prefix = config.alias() + "-";
        if (index.startsWith(prefix) && index.substring(prefix.length()).matches("\\d{1,9}")) {
            return Integer.parseInt(index.substring(prefix.length()));
        }
        return 1;
    }

    private Map<String, String> settingsOf(String index, String... names) throws IOException, InterruptedException {
        JsonNode answer = cluster.require("GET", "/" + index + "/_settings?flat_settings=true", null,
                "read the settings of " + index);
        JsonNode own = answer.path(index).path("settings");
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : names) {
            JsonNode value = own.path("index." + name);
            values.put(name, value.isMissingNode() || value.isNull() ? null : value.asText());
        }
        return values;
    }

    private void putSettings(String index, Map<String, String> values) throws IOException, InterruptedException {
        ObjectNode body = Json.nodes().objectNode();
        ObjectNode own = body.putObject("index");
        values.forEach((name, value) -> {
            if (value == null) {
                own.putNull(name);
            } else {
                own.put(name, value);
            }
        });
        cluster.require("PUT", "/" + index + "/_settings", body, "change the settings of " + index);
    }

    /** Puts back the settings the reindex changed on {@code index}, if it did and the index is still there. */
    private void restoreSettings(ReindexState state, String index) throws IOException, InterruptedException {
        Map<String, String> values = state.restore.get(index);
        if (values == null || cluster.call("HEAD", "/" + index, null).status() != 200) {
            return;
        }
        putSettings(index, values);
        state.restore.remove(index);
        saveState(state);
    }

    private static ObjectNode action(String kind, String index, String alias, boolean writeIndex) {
        ObjectNode action = Json.nodes().objectNode();
        ObjectNode body = action.putObject(kind);
        body.put("index", index);
        body.put("alias", alias);
        if (writeIndex) {
            body.put("is_write_index", true);
        }
        return action;
    }

    private void aliases(ObjectNode... actions) throws IOException, InterruptedException {
        ObjectNode body = Json.nodes().objectNode();
        ArrayNode list = body.putArray("actions");
        for (ObjectNode action : actions) {
            list.add(action);
        }
        cluster.require("POST", "/_aliases", body, "change the aliases");
    }

    private void removeAlias(String index, String alias) throws IOException, InterruptedException {
        Cluster.Answer answer = cluster.call("DELETE", "/" + index + "/_alias/" + alias, null);
        if (!answer.ok() && answer.status() != 404) {
            throw new IOException("OpenSearch refused to remove the alias " + alias + " of " + index + ": " + answer);
        }
    }

    private void delete(String index) throws IOException, InterruptedException {
        Cluster.Answer answer = cluster.call("DELETE", "/" + index, null);
        if (!answer.ok() && answer.status() != 404) {
            throw new IOException("OpenSearch refused to delete " + index + ": " + answer);
        }
    }

    private ReindexState readState() throws IOException, InterruptedException {
        Cluster.Answer answer = cluster.call("GET", stateEndpoint(), null);
        if (answer.status() == 404) {
            return null;
        }
        if (!answer.ok()) {
            throw new IOException("cannot read the reindex state of " + config.alias() + ": " + answer);
        }
        return ReindexState.of(answer.body());
    }

    /** Writes the state if nobody else changed it since it was read. */
    private void saveState(ReindexState state) throws IOException, InterruptedException {
        ensureStateIndex();
        String query = state.seqNo < 0 ? "?op_type=create"
                : "?if_seq_no=" + state.seqNo + "&if_primary_term=" + state.primaryTerm;
        Cluster.Answer answer = cluster.call("PUT", stateEndpoint() + query, state.json());
        if (answer.status() == 409) {
            throw new ConfigException("another reindex of " + config.alias() + " changed its state meanwhile;"
                    + " only one may run at a time");
        }
        if (!answer.ok()) {
            throw new IOException("cannot write the reindex state of " + config.alias() + ": " + answer);
        }
        state.seqNo = answer.body().path("_seq_no").asLong();
        state.primaryTerm = answer.body().path("_primary_term").asLong();
    }

    private boolean stateIndexChecked;

    private void ensureStateIndex() throws IOException, InterruptedException {
        if (stateIndexChecked) {
            return;
        }
        ObjectNode body = Json.nodes().objectNode();
        ObjectNode index = body.putObject("settings").putObject("index");
        index.put("hidden", true);
        index.put("number_of_shards", 1);
        index.put("auto_expand_replicas", "0-1");
        Cluster.Answer answer = cluster.call("PUT", "/" + DualWrites.STATE_INDEX, body);
        if (!answer.ok() && !answer.errorType().equals("resource_already_exists_exception")) {
            throw new IOException("cannot create " + DualWrites.STATE_INDEX + ": " + answer);
        }
        stateIndexChecked = true;
    }

    private String stateEndpoint() {
        return "/" + DualWrites.STATE_INDEX + "/_doc/" + encode(config.alias());
    }

    private Report report(ReindexState state, ReconcileReport check, int status) {
        List<String> steps = state.steps.stream().map(step -> String.format(Locale.ROOT, "%-13s %8.1f s  %s",
                step.step(), step.millis() / 1000.0, step.detail())).toList();
        return new Report(state.alias, state.from, state.to, state.phase.name(), steps, Optional.ofNullable(check), status);
    }

    private String backfillLine(ReindexState state, long read, long total, long millis) {
        return String.format(Locale.ROOT, "Reindex %s: backfilling %s: %d%s %s read%s, %.0f s", config.alias(), state.to,
                read, total >= 0 ? " of " + total : "", config.kind() == ReindexConfig.SourceKind.TABLE ? "items" : "documents",
                rate(read, millis), millis / 1000.0);
    }

    /** The documents in {@code index} now, for the backfill's progress. */
    private long count(String index) throws IOException, InterruptedException {
        return cluster.require("GET", "/" + encode(index) + "/_count", null, "count " + index).path("count").asLong();
    }

    private void progress(String line) {
        out.println("Reindex " + config.alias() + ": " + line);
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    private static long elapsed(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String rate(long count, long millis) {
        return String.format(Locale.ROOT, " (%.0f/s)", count * 1000.0 / Math.max(1, millis));
    }
}
