package io.kinesisopensearch.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The JDK an OpenSearch node runs on, which need not be the JDK of the build and the tests: 2.x
 * needs the security manager (JDK 17 to 23), 3.x needs JDK 21 or newer. Taken in this order:
 * {@code OPENSEARCH_JAVA_HOME} when it fits, this JVM when it fits, else the newest fitting JDK
 * installed beside it or in the usual places ({@code /usr/lib/jvm}, macOS's
 * {@code /Library/Java/JavaVirtualMachines}).
 *
 * @param configured   {@code OPENSEARCH_JAVA_HOME}, if set
 * @param thisJvm      this JVM's {@code java.home}
 * @param installRoots directories holding one JDK per sub-directory
 */
record NodeJava(Optional<Path> configured, Path thisJvm, List<Path> installRoots) {

    /** What this machine offers: the environment, this JVM and the usual install places. */
    static NodeJava ofThisMachine() {
        Path thisJvm = Path.of(System.getProperty("java.home"));
        List<Path> roots = new ArrayList<>();
        if (thisJvm.getParent() != null) {
            roots.add(thisJvm.getParent());
        }
        roots.add(Path.of("/usr/lib/jvm"));
        roots.add(Path.of("/Library/Java/JavaVirtualMachines"));
        return new NodeJava(Optional.ofNullable(System.getenv("OPENSEARCH_JAVA_HOME")).filter(home -> !home.isBlank())
                .map(Path::of), thisJvm, roots);
    }

    /** The Java feature versions a node runs on, both ends included. */
    record Range(int lowest, int highest) {

        /** OpenSearch {@code major}.x's. */
        static Range of(int major) {
            return major >= 3 ? new Range(21, Integer.MAX_VALUE) : new Range(17, 23);
        }

        boolean contains(int feature) {
            return feature >= lowest && feature <= highest;
        }

        @Override
        public String toString() {
            return "JDK " + lowest + (highest == Integer.MAX_VALUE ? " or newer" : " to " + highest);
        }
    }

    /** A JDK home for a node of OpenSearch {@code major}.x; fails naming what is needed when there is none. */
    Path forOpenSearch(int major) {
        Range range = Range.of(major);
        List<Path> candidates = new ArrayList<>();
        configured.ifPresent(candidates::add);
        candidates.add(thisJvm);
        candidates.addAll(installed());
        for (Path home : candidates) {
            int feature = featureVersion(home);
            if (range.contains(feature)) {
                return home;
            }
        }
        throw new IllegalStateException("OpenSearch " + major + ".x runs on " + range + ", and none was found ("
                + configured.map(home -> "OPENSEARCH_JAVA_HOME " + home + " is " + describe(home) + ", ").orElse("")
                + "this JVM is " + describe(thisJvm) + "): set OPENSEARCH_JAVA_HOME to one");
    }

    /** The JDKs under the install roots, newest first (a macOS bundle's home is {@code Contents/Home}). */
    private List<Path> installed() {
        Set<Path> homes = new LinkedHashSet<>();
        for (Path root : installRoots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> entries = Files.list(root)) {
                entries.map(entry -> Files.isDirectory(entry.resolve("Contents/Home")) ? entry.resolve("Contents/Home") : entry)
                        .filter(home -> Files.isExecutable(home.resolve("bin/java")))
                        .forEach(homes::add);
            } catch (IOException e) {
                // An unreadable place offers no JDK.
            }
        }
        return homes.stream().sorted(Comparator.comparingInt(NodeJava::featureVersion).reversed()).toList();
    }

    private static String describe(Path home) {
        int feature = featureVersion(home);
        return feature > 0 ? "JDK " + feature : "not a JDK";
    }

    /**
     * The Java feature version of the JDK at {@code home} from its {@code release} file
     * ({@code JAVA_VERSION="25.0.3"}, or {@code "1.8.0_402"} for 8); 0 when it cannot be told.
     */
    static int featureVersion(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/java"))) {
            return 0;
        }
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(release)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            return 0;
        }
        String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "");
        String[] parts = version.split("[.+_-]");
        try {
            int first = Integer.parseInt(parts[0]);
            return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
