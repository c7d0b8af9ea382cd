package io.kinesisopensearch.transformer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.mapping.MappingConfig;
import io.kinesisopensearch.mapping.MappingHooks;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Firehose data-transformation Lambda: {@code io.kinesisopensearch.transformer.FirehoseTransformHandler::handleRequest}.
 *
 * <p>Reads the event as a stream ({@link FirehoseEventReader}), answers each record {@code Ok},
 * {@code Dropped} or {@code ProcessingFailed} ({@link EventTransformer}) and writes the response
 * ({@link ResponseWriter}), never over Lambda's 6,000,000 bytes. Settings are read once, when Lambda
 * creates the handler; a bad one fails the init with a message naming it. Nothing in the static or
 * instance init touches the network or builds an SDK client: the Firehose client is built on the
 * first re-ingest. With SnapStart, the mapping and JSON paths are run once on a made-up event
 * before the snapshot (no network, nothing logged), so that restored functions start warm.
 */
public final class FirehoseTransformHandler implements RequestStreamHandler, Resource {

    private static final Logger LOG = LoggerFactory.getLogger(FirehoseTransformHandler.class);
    private static final long NO_CONTEXT_DEADLINE_NANOS = 5L * 60 * 1_000_000_000;

    private final TransformerConfig config;
    private final EventTransformer transformer;

    /**
     * The handler Lambda creates: settings from the environment and the file it names.
     *
     * @throws ConfigException when a setting is missing or invalid, after logging it
     */
    public FirehoseTransformHandler() {
        this(configFromEnvironment(), null);
        Core.getGlobalContext().register(this);
    }

    /**
     * A handler on the given settings, such as {@code Settings.of(Map)} in a test.
     *
     * @param settings the settings
     * @throws ConfigException when a setting is missing or invalid
     */
    public FirehoseTransformHandler(Settings settings) {
        this(TransformerConfig.from(settings), null);
    }

    /**
     * A handler on the given settings whose mapping runs {@code hooks} (instead of what
     * {@code mapping.hook} names): for a handler class of your own that chooses its hooks in code.
     *
     * @param settings the settings
     * @param hooks    the mapping's hooks
     * @throws ConfigException when a setting is missing or invalid
     */
    public FirehoseTransformHandler(Settings settings, MappingHooks hooks) {
        this(TransformerConfig.from(settings).withHooks(hooks), null);
    }

    /**
     * A handler on a configuration read before, putting pieces back with {@code reingestion}.
     *
     * @param config      the configuration
     * @param reingestion where pieces go back; {@code null} for Firehose's {@code PutRecordBatch}, its
     *                    client built on the first re-ingest
     */
    public FirehoseTransformHandler(TransformerConfig config, Reingestion reingestion) {
        this.config = config;
        this.transformer = new EventTransformer(config,
                reingestion != null ? reingestion : new LazyFirehoseReingestion(config.reingest()));
        if (!config.mapping().index().isFixed()) {
            LOG.warn("{} is a pattern, but Firehose writes to the index its OpenSearch destination names (with its own"
                    + " rotation); the pattern is not used", MappingConfig.INDEX);
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Invocation invocation = transform(input, context);
        output.write(invocation.response());
    }

    /**
     * Transforms one event, logs what was done, and returns the answers with the response bytes.
     *
     * @param input   the event as Firehose sends it
     * @param context the invocation's context, for its remaining time; {@code null} allows five minutes
     * @return the answers, the response and the report
     * @throws IOException when the input is no Firehose event, or the thread is interrupted
     *                     ({@link InterruptedIOException}) while pieces are put back
     */
    public Invocation transform(InputStream input, Context context) throws IOException {
        Invocation invocation = run(input, context);
        invocation.report().log(LOG, config.chosenIds());
        return invocation;
    }

    private Invocation run(InputStream input, Context context) throws IOException {
        FirehoseEvent event = FirehoseEventReader.read(input);
        InvocationReport report = new InvocationReport(event.invocationId());
        long now = System.nanoTime();
        long deadline = context == null ? now + NO_CONTEXT_DEADLINE_NANOS
                : now + (context.getRemainingTimeInMillis() - config.reingest().timeReserve().toMillis()) * 1_000_000;
        List<Answer> answers;
        try {
            answers = transformer.transform(event, deadline, report);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while putting pieces back into the delivery stream");
        }
        byte[] response = ResponseWriter.write(answers, config.responseLimit() / 8);
        if (response.length > config.responseLimit()) {
            // The budget makes this impossible; failing the invocation (Firehose retries it) beats an answer Lambda refuses.
            throw new IllegalStateException("response of " + response.length + " bytes over the limit of "
                    + config.responseLimit());
        }
        report.responseBytes(response.length);
        return new Invocation(answers, response, report);
    }

    /**
     * One transformed event.
     *
     * @param answers  one per record, in the event's order
     * @param response the response as sent to Firehose
     * @param report   what was done, as logged
     */
    public record Invocation(List<Answer> answers, byte[] response, InvocationReport report) {
    }

    /** SnapStart: run the transform paths once before the snapshot; no network, nothing logged. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) throws IOException {
        long started = System.nanoTime();
        run(new ByteArrayInputStream(Priming.event().getBytes(StandardCharsets.UTF_8)), null);
        LOG.info("Primed for the snapshot in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to renew: no connection or client was made before the snapshot.
    }

    private static TransformerConfig configFromEnvironment() {
        try {
            return TransformerConfig.from(Settings.fromEnvironment());
        } catch (ConfigException e) {
            LOG.error("Configuration error: {}", e.getMessage());
            throw e;
        }
    }
}
