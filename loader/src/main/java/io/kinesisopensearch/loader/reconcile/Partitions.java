package io.kinesisopensearch.loader.reconcile;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * Both sides of a reconcile spread over bucket files on disk by a hash of each id, so that each
 * bucket's source items fit in memory while its documents stream past them (a grace hash join).
 *
 * <p>Why buckets rather than both sides sorted by id: neither side comes sorted. A DynamoDB Scan
 * returns items in hash order, and sorting the index by {@code _id} makes OpenSearch load every id
 * into its field data; a scroll in index order is the cheap read. Sorting both sides on disk
 * would write and merge runs of each side, where buckets write each side once and read it once,
 * and compare with a hash map, with no byte order of ids to agree on. The memory a bucket needs is
 * bounded by splitting: a bucket whose source file is larger than the limit is spread again over
 * up to 128 buckets by other bits of the hash before it is compared, so a million items (7,800 a bucket)
 * and a hundred million alike fit a small heap. Writers are buffered 8 KiB each: 2 MiB for the
 * 128 buckets of both sides.
 */
final class Partitions implements Closeable {

    static final int BUCKETS = 128;
    private static final int BITS = 7;
    private static final int MAX_LEVEL = 64 / BITS - 1;
    private static final int BUFFER = 8 * 1024;

    private final Path dir;
    private final int level;
    private final int buckets;
    private final Side<SourceItem> source;
    private final Side<IndexDoc> index;

    /** 128 bucket files under {@code dir} (made if missing), by the first hash bits. */
    Partitions(Path dir) throws IOException {
        this(dir, 0, BUCKETS);
    }

    /**
     * Bucket files under {@code dir} (made if missing), split by the hash bits of {@code level}.
     *
     * @param buckets how many: a power of two up to 128
     */
    private Partitions(Path dir, int level, int buckets) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.level = level;
        this.buckets = buckets;
        this.source = new Side<>(dir, "source", SourceItem::read);
        this.index = new Side<>(dir, "index", IndexDoc::read);
    }

    private int bucketOf(String key) {
        return bucket(key, level) & (buckets - 1);
    }

    /** The bucket of {@code key} at {@code level}: 7 bits of a 64-bit hash of the key, other bits at each level. */
    static int bucket(String key, int level) {
        long hash = 0xcbf29ce484222325L; // FNV-1a over the UTF-16 units, then MurmurHash3's finaliser
        for (int i = 0; i < key.length(); i++) {
            hash ^= key.charAt(i);
            hash *= 0x100000001b3L;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        hash *= 0xc4ceb9fe1a85ec53L;
        hash ^= hash >>> 33;
        return (int) ((hash >>> (level * BITS)) & (BUCKETS - 1));
    }

    /** Adds a source item under {@code key}; thread-safe. */
    void add(String key, SourceItem item) throws IOException {
        source.add(bucketOf(key), item::write);
    }

    /** Adds a document under {@code key}; thread-safe. */
    void add(String key, IndexDoc document) throws IOException {
        index.add(bucketOf(key), document::write);
    }

    /**
     * Compares bucket after bucket (after the last add): a bucket whose source file is larger than
     * {@code maxBucketBytes} is split first, into as many buckets as make each about half the
     * limit. Each bucket's files are deleted once compared.
     */
    void compare(Comparison comparison, Comparison.Outcome outcome, long maxBucketBytes) throws IOException {
        source.finish();
        index.finish();
        for (int bucket = 0; bucket < buckets; bucket++) {
            long bytes = source.bytes(bucket);
            if (bytes > maxBucketBytes && level < MAX_LEVEL) {
                int parts = (int) Math.min(BUCKETS, Long.highestOneBit(Math.max(1, 2 * bytes / maxBucketBytes)) * 2);
                try (Partitions split = new Partitions(dir.resolve("split-" + bucket), level + 1, parts)) {
                    for (Iterator<SourceItem> items = source.read(bucket); items.hasNext(); ) {
                        SourceItem item = items.next();
                        split.add(comparison.key(item), item);
                    }
                    for (Iterator<IndexDoc> documents = index.read(bucket); documents.hasNext(); ) {
                        IndexDoc document = documents.next();
                        split.add(comparison.key(document), document);
                    }
                    source.delete(bucket);
                    index.delete(bucket);
                    split.compare(comparison, outcome, maxBucketBytes);
                }
                continue;
            }
            comparison.join(source.read(bucket), index.read(bucket), outcome);
            source.delete(bucket);
            index.delete(bucket);
        }
    }

    /** Deletes every file left. */
    @Override
    public void close() throws IOException {
        source.finish();
        index.finish();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** How an entry is written. */
    private interface Writing {
        void to(DataOutputStream out) throws IOException;
    }

    /** How an entry is read. */
    private interface Reading<T> {
        T from(DataInputStream in) throws IOException;
    }

    /** One side's bucket files, each opened on its first entry. */
    private static final class Side<T> {
        private final Path dir;
        private final String name;
        private final Reading<T> reading;
        private final DataOutputStream[] writers = new DataOutputStream[BUCKETS]; // the first ones used
        private final long[] counts = new long[BUCKETS];
        private final long[] bytes = new long[BUCKETS];

        Side(Path dir, String name, Reading<T> reading) {
            this.dir = dir;
            this.name = name;
            this.reading = reading;
        }

        private Path file(int bucket) {
            return dir.resolve(name + "-" + bucket + ".bin");
        }

        void add(int bucket, Writing entry) throws IOException {
            synchronized (this) {
                if (writers[bucket] == null) {
                    writers[bucket] = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file(bucket)),
                            BUFFER));
                }
            }
            DataOutputStream out = writers[bucket];
            synchronized (out) {
                entry.to(out);
                counts[bucket]++;
            }
        }

        synchronized void finish() throws IOException {
            for (int bucket = 0; bucket < BUCKETS; bucket++) {
                if (writers[bucket] != null) {
                    writers[bucket].close();
                    bytes[bucket] = Files.size(file(bucket));
                    writers[bucket] = null;
                }
            }
        }

        long bytes(int bucket) {
            return bytes[bucket];
        }

        void delete(int bucket) throws IOException {
            Files.deleteIfExists(file(bucket));
            counts[bucket] = 0;
        }

        /** The entries of {@code bucket}, read as they are iterated; an I/O error is unchecked there. */
        Iterator<T> read(int bucket) throws IOException {
            long count = counts[bucket];
            if (count == 0) {
                return java.util.Collections.emptyIterator();
            }
            DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file(bucket)), 64 * 1024));
            return new Iterator<>() {
                private long left = count;

                @Override
                public boolean hasNext() {
                    if (left == 0) {
                        close();
                    }
                    return left > 0;
                }

                @Override
                public T next() {
                    if (left == 0) {
                        throw new NoSuchElementException();
                    }
                    try {
                        T entry = reading.from(in);
                        left--;
                        return entry;
                    } catch (IOException e) {
                        close();
                        throw new UncheckedIOException(e);
                    }
                }

                private void close() {
                    try {
                        in.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
        }
    }
}
