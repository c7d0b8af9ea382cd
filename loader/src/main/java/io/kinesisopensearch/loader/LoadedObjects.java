package io.kinesisopensearch.loader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The objects a load has finished, in a local file of lines {@code etag<TAB>s3://bucket/key}: a
 * line is appended and forced to disk only after the object's last batch was flushed, so a rerun
 * skips exactly the objects that are in OpenSearch or the dead letters. An object whose ETag
 * changed since is loaded again; one cut off by a crash is loaded again from its start, which
 * rewrites the same ids. A torn last line (a crash while writing it) is ignored.
 */
final class LoadedObjects implements AutoCloseable {

    private final Path file;
    private final Map<String, String> etags = new HashMap<>();
    private FileChannel channel;

    private LoadedObjects(Path file) {
        this.file = file;
    }

    static LoadedObjects open(Path file) throws IOException {
        LoadedObjects loaded = new LoadedObjects(file);
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    loaded.etags.put(unescape(line.substring(tab + 1)), line.substring(0, tab));
                }
            }
        }
        return loaded;
    }

    /** Whether {@code s3://bucket/key} was loaded with this ETag. */
    boolean isLoaded(String bucket, String key, String etag) {
        String done = etags.get(name(bucket, key));
        return done != null && done.equals(etag);
    }

    int size() {
        return etags.size();
    }

    /** Records {@code s3://bucket/key} as loaded, durably, before returning. */
    void record(String bucket, String key, String etag) throws IOException {
        if (channel == null) {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        }
        String name = name(bucket, key);
        // A newline first: it ends a torn line a crash may have left, which is then ignored.
        ByteBuffer line = ByteBuffer.wrap(("\n" + etag + "\t" + escape(name)).getBytes(StandardCharsets.UTF_8));
        while (line.hasRemaining()) {
            channel.write(line);
        }
        channel.force(false);
        etags.put(name, etag);
    }

    private static String name(String bucket, String key) {
        return "s3://" + bucket + "/" + key;
    }

    // Keys may hold any character; a tab or line break would break the line format.
    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                out.append(next == 't' ? '\t' : next == 'n' ? '\n' : next == 'r' ? '\r' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
