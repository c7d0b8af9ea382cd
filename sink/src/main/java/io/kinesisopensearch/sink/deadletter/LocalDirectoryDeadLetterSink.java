package io.kinesisopensearch.sink.deadletter;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Dead letters as NDJSON files under a local directory (a mounted volume in a container):
 * {@code <dir>/<stream>/<shard>/<first sequence>-<unique>.ndjson}, one file per flush. Each file is
 * written aside, synced, and renamed into place, so a reader never sees half a file.
 */
public final class LocalDirectoryDeadLetterSink implements DeadLetterSink {

    private final Path directory;

    public LocalDirectoryDeadLetterSink(Path directory) {
        this.directory = directory;
    }

    @Override
    public void write(List<DeadLetter> letters) throws IOException {
        if (letters.isEmpty()) {
            return;
        }
        Path target = directory.resolve(DeadLetterNames.relativePath(letters));
        Files.createDirectories(target.getParent());
        Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(DeadLetterCodec.encode(letters)));
            channel.force(true);
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public List<StoredLetters> readAll() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> paths = Files.walk(directory)) {
            // Regular files only: a shard directory may end in the suffix too (an S3 load's object more.ndjson).
            files = paths.filter(Files::isRegularFile)
                    .filter(path -> path.getFileName().toString().endsWith(DeadLetterNames.SUFFIX))
                    .filter(path -> !path.getFileName().toString().startsWith("."))
                    .sorted(DeadLetterNames.byAge(path -> path.getFileName().toString()))
                    .toList();
        }
        List<StoredLetters> stored = new ArrayList<>();
        for (Path file : files) {
            stored.add(new StoredLetters(file.toString(),
                    DeadLetterCodec.decode(Files.readString(file, StandardCharsets.UTF_8), file.toString())));
        }
        return stored;
    }

    @Override
    public String describe() {
        return directory.toAbsolutePath().toString();
    }
}
