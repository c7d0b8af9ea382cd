package io.kinesisopensearch.sink.replay;

import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import io.kinesisopensearch.mapping.RecordMapper;
import io.kinesisopensearch.sink.OpenSearchSink;
import io.kinesisopensearch.sink.aws.AwsClientConfig;
import io.kinesisopensearch.sink.batch.RecordBatch;
import io.kinesisopensearch.sink.deadletter.DeadLetter;
import io.kinesisopensearch.sink.deadletter.DeadLetterConfig;
import io.kinesisopensearch.sink.deadletter.DeadLetterSink;
import io.kinesisopensearch.sink.deadletter.DeadLetterSinks;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replay command: reads the dead letters back through the same mapping and sink the worker
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

    /**
     * Replays with the settings of the environment and exits: 0 when every letter is now indexed,
     * 3 when some failed again, 2 for a bad setting, 1 when the letters could not be read.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Summary summary;
        try {
            summary = replay(Settings.fromEnvironment());
        } catch (ConfigException e) {
            System.err.println("Configuration error: " + e.getMessage());
            System.exit(ConfigException.EXIT_STATUS);
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

    /**
     * Replays every dead letter of {@code deadletter.uri}, file by file; the letters stay where they
     * are, so a replay can be repeated.
     *
     * @param settings the worker's settings
     * @return what the replay did
     * @throws ConfigException      when a setting is missing or invalid
     * @throws IOException          when the dead letters cannot be read
     * @throws InterruptedException when the thread is interrupted while the replay writes
     */
    public static Summary replay(Settings settings) throws IOException, InterruptedException {
        RecordMapper mapper = RecordMapper.from(settings);
        AwsClientConfig aws = AwsClientConfig.from(settings);
        // What fails again is the sink's dead letters: the replay-failures destination.
        try (DeadLetterSink source = DeadLetterSinks.open(DeadLetterConfig.from(settings), aws::s3Client);
                OpenSearchSink sink = OpenSearchSink.builder().settings(settings)
                        .deadLetters(DeadLetterConfig.replayFailures(settings)).build()) {
            List<DeadLetterSink.StoredLetters> stored = source.readAll();
            int total = stored.stream().mapToInt(file -> file.letters().size()).sum();
            LOG.info("Replaying {} dead letters from {} files in {}", total, stored.size(), source.describe());
            int done = 0;
            int failedAgain = 0;
            for (DeadLetterSink.StoredLetters file : stored) {
                failedAgain += replayFile(file.letters(), mapper, sink);
                done += file.letters().size();
                LOG.info("Replayed {} of {} dead letters ({} failed again)", done, total, failedAgain);
            }
            return new Summary(stored.size(), total, total - failedAgain, failedAgain);
        }
    }

    private static int replayFile(List<DeadLetter> letters, RecordMapper mapper, OpenSearchSink sink)
            throws InterruptedException {
        int failedAgain = 0;
        RecordBatch batch = sink.newBatch();
        for (DeadLetter letter : letters) {
            sink.add(batch, letter.record(), mapper);
            if (batch.isFull()) {
                failedAgain += sink.flush(batch).size();
                batch = sink.newBatch();
            }
        }
        failedAgain += sink.flush(batch).size();
        return failedAgain;
    }
}
