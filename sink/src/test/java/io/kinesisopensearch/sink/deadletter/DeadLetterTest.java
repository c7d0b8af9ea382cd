package io.kinesisopensearch.sink.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.record.RecordCoordinates;
import io.kinesisopensearch.record.SourceRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterTest {

    private static DeadLetter letter(String shard, String sequence, byte[] data, String reason) {
        return new DeadLetter(new SourceRecord(new RecordCoordinates("orders", shard, sequence, 0, "pk",
                Instant.parse("2026-11-21T10:00:00Z")), data), reason, Instant.parse("2026-11-21T10:00:01Z"));
    }

    @Test
    void lettersRoundTripByteForByteThroughNdjson() throws Exception {
        byte[] binary = {(byte) 0x1f, (byte) 0x8b, 0, (byte) 0xff, '\n'};
        List<DeadLetter> letters = List.of(
                letter("shardId-000000000001", "101", "{\"a\":".getBytes(), "bad JSON at offset 5: end of input"),
                letter("shardId-000000000001", "102", binary, "gzip corrupt"));

        String ndjson = new String(DeadLetterCodec.encode(letters));
        List<DeadLetter> back = DeadLetterCodec.decode(ndjson, "test");

        assertThat(ndjson.lines()).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("{\"stream\":\"orders\""));
        assertThat(back).isEqualTo(letters);
    }

    @Test
    void aDamagedFileNamesTheLine() {
        assertThatThrownBy(() -> DeadLetterCodec.decode("{\"stream\":\"s\"}\n", "dl.ndjson"))
                .hasMessageStartingWith("Line 1 of dl.ndjson is not a dead letter");
    }

    @Test
    void theDirectorySinkStoresWholeFilesPerStreamAndShardAndReadsThemBack(@TempDir Path directory) throws Exception {
        LocalDirectoryDeadLetterSink sink = new LocalDirectoryDeadLetterSink(directory);
        DeadLetter first = letter("shardId-000000000001", "101", "x".getBytes(), "r1");
        DeadLetter second = letter("shardId-000000000002", "201", "y".getBytes(), "r2");

        sink.write(List.of(first));
        sink.write(List.of(second));
        sink.write(List.of());

        try (Stream<Path> files = Files.walk(directory)) {
            assertThat(files.filter(Files::isRegularFile).map(directory::relativize).map(Path::toString))
                    .hasSize(2)
                    .allMatch(name -> name.matches("orders/shardId-00000000000[12]/\\d{8}T\\d{9}Z-[12]01-[0-9a-f]{8}\\.ndjson"));
        }
        assertThat(sink.readAll()).flatMap(DeadLetterSink.StoredLetters::letters).containsExactlyInAnyOrder(first, second);
    }

    @Test
    void aShardNamedLikeADeadLetterFileIsReadAsADirectory(@TempDir Path directory) throws Exception {
        // An S3 load names records by their object: the shard directory of more.ndjson ends in the suffix.
        LocalDirectoryDeadLetterSink sink = new LocalDirectoryDeadLetterSink(directory);
        DeadLetter letter = letter("exports/more.ndjson", "7", "z".getBytes(), "bad JSON");
        sink.write(List.of(letter));
        assertThat(sink.readAll()).flatMap(DeadLetterSink.StoredLetters::letters).containsExactly(letter);
    }

    @Test
    void destinationsAreS3OrADirectory() {
        DeadLetterConfig s3 = DeadLetterConfig.parse("deadletter.uri", "s3://my-bucket/kos/dead");
        assertThat(s3.bucket()).contains("my-bucket");
        assertThat(s3.prefix()).isEqualTo("kos/dead/");
        assertThat(DeadLetterConfig.parse("deadletter.uri", "s3://my-bucket").prefix()).isEmpty();
        assertThat(DeadLetterConfig.parse("deadletter.uri", "file:/var/dl").directory()).contains(Path.of("/var/dl"));
        assertThat(DeadLetterConfig.parse("deadletter.uri", "dead-letters").directory()).contains(Path.of("dead-letters"));
        assertThatThrownBy(() -> DeadLetterConfig.parse("deadletter.uri", "gs://bucket/x"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("s3://bucket/prefix/");
    }
}
