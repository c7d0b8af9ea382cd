package io.kinesisopensearch.consumer;

import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.consumer.bulk.BulkConfig;
import io.kinesisopensearch.consumer.bulk.BulkResult;
import io.kinesisopensearch.consumer.bulk.BulkWriter;
import io.kinesisopensearch.consumer.bulk.ConcurrencyLimiter;
import io.kinesisopensearch.consumer.bulk.OpenSearchClients;
import io.kinesisopensearch.consumer.bulk.OpenSearchConfig;
import io.kinesisopensearch.consumer.deadletter.DeadLetter;
import io.kinesisopensearch.consumer.deadletter.DeadLetterConfig;
import io.kinesisopensearch.consumer.deadletter.DeadLetterSink;
import io.kinesisopensearch.consumer.deadletter.DeadLetterSinks;
import io.kinesisopensearch.consumer.processor.RecordBatch;
import io.kinesisopensearch.mapping.MappingConfig;
import io.kinesisopensearch.mapping.RecordMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replay command: reads the dead letters back through the same mapping and writer the worker
 * uses, typically after the mapping or the index was fixed. It takes the worker's settings
 * ({@code deadletter.uri}, {@code opensearch.*}, {@code mapping.*}, {@code bulk.*}, {@code aws.*});
 * letters that fail again go to {@code deadletter.replay-failures-uri}. Documents have the ids the
 * worker would have given them, so replaying twice changes nothing.
 *
 * <p>Exit status: 0 when every letter is now indexed, 3 when some failed again, 2 for a bad setting.
 */
public final class DeadLetterReplay {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReplay.class);

    /**
     * What a replay did.
     *
     * @param files       dead-letter files read
     * @param letters     letters read
     * @param indexed     letters whose actions are all in OpenSearch now (or superseded there)
     * @param failedAgain letters refused again, stored at the replay-failures destination
     */
    public record Summary(int files, int letters, int indexed, int failedAgain) {
    }

    private DeadLetterReplay() {
    }

    public static void main(String[] args) {
        Summary summary;
        try {
            summary = replay(Settings.fromEnvironment());
        } catch (ConfigException e) {
            System.err.println("Configuration error: " + e.getMessage());
            System.exit(ConsumerApp.CONFIG_ERROR);
            return;
        } catch (IOException | InterruptedException e) {
            System.err.println("Replay failed: " + e);
            System.exit(1);
            return;
        }
        System.out.println("Replayed " + summary.letters() + " dead letters from " + summary.files() + " files: "
                + summary.indexed() + " indexed, " + summary.failedAgain() + " failed again");
        System.exit(summary.failedAgain() == 0 ? 0 : 3);
    }

    /** Replays every dead letter of {@code deadletter.uri}. */
    public static Summary replay(Settings settings) throws IOException, InterruptedException {
        OpenSearchConfig openSearchConfig = OpenSearchConfig.from(settings);
        BulkConfig bulk = BulkConfig.from(settings);
        RecordMapper mapper = new RecordMapper(MappingConfig.from(settings));
        AwsClientConfig aws = AwsClientConfig.from(settings);
        DeadLetterConfig sourceConfig = DeadLetterConfig.from(settings);
        DeadLetterConfig failuresConfig = DeadLetterConfig.replayFailures(settings);
        OpenSearchClient openSearch = OpenSearchClients.create(openSearchConfig);
        try (DeadLetterSink source = DeadLetterSinks.open(sourceConfig, () -> AwsClients.s3(aws));
                DeadLetterSink failures = DeadLetterSinks.open(failuresConfig, () -> AwsClients.s3(aws))) {
            ConcurrencyLimiter limiter = new ConcurrencyLimiter(bulk.maxConcurrency());
            BulkWriter writer = new BulkWriter(openSearch, bulk, limiter, new WorkerStats(limiter));
            List<DeadLetterSink.StoredLetters> stored = source.readAll();
            int total = stored.stream().mapToInt(file -> file.letters().size()).sum();
            LOG.info("Replaying {} dead letters from {} files in {}", total, stored.size(), source.describe());
            int done = 0;
            int failedAgain = 0;
            for (DeadLetterSink.StoredLetters file : stored) {
                failedAgain += replayFile(file.letters(), mapper, writer, bulk, failures);
                done += file.letters().size();
                LOG.info("Replayed {} of {} dead letters ({} failed again)", done, total, failedAgain);
            }
            return new Summary(stored.size(), total, total - failedAgain, failedAgain);
        } finally {
            openSearch._transport().close();
        }
    }

    private static int replayFile(List<DeadLetter> letters, RecordMapper mapper, BulkWriter writer, BulkConfig bulk,
            DeadLetterSink failures) throws IOException, InterruptedException {
        int failedAgain = 0;
        RecordBatch batch = new RecordBatch(bulk);
        for (DeadLetter letter : letters) {
            batch.map(letter.record(), mapper);
            if (batch.isFull()) {
                failedAgain += flush(batch, writer, failures);
                batch = new RecordBatch(bulk);
            }
        }
        if (!batch.isEmpty()) {
            failedAgain += flush(batch, writer, failures);
        }
        return failedAgain;
    }

    private static int flush(RecordBatch batch, BulkWriter writer, DeadLetterSink failures)
            throws IOException, InterruptedException {
        BulkResult result = writer.write(batch.actions());
        List<DeadLetter> again = new ArrayList<>(batch.deadLetters(result, Instant.now()));
        for (DeadLetter letter : again) {
            LOG.warn("Still failing {}: {}", letter.coordinates(), letter.reason());
        }
        failures.write(again);
        return again.size();
    }
}
