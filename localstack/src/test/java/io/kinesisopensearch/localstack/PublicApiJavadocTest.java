package io.kinesisopensearch.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.DocumentationTool;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public API that README.md lists ("Use it as a library", the table after "The public API")
 * carries Javadoc without a single doclint warning, missing comments included: the JDK's javadoc
 * with {@code -Xdoclint:all}, whose warnings in exactly those types' files fail the test. The modules'
 * Javadoc jars are built with {@code all,-missing}: the rest of the code need not be documented.
 *
 * <p>Javadoc is given the packages of those files, their other files' warnings ignored, rather than the
 * files alone: JDK 17's javadoc, given single files, crashes ({@code AssertionError: unknown element})
 * on a link to a type nested in a record of a package it was not given, as {@code ConsumerConfig}'s
 * link to {@code KinesisSourceConfig}, whose components are its own enums.
 */
class PublicApiJavadocTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final List<String> MODULES = List.of("common", "sink", "loader", "consumer", "lambda", "transformer");
    private static final Pattern CODE_SPAN = Pattern.compile("`([A-Za-z][A-Za-z0-9]*)`");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");

    /** A type of the table: its module, its name, and the type it is nested in, if any. */
    record ListedType(String module, String name, Optional<String> enclosing) {
        @Override
        public String toString() {
            return enclosing.map(outer -> outer + "." + name).orElse(name) + " (" + module + ")";
        }
    }

    @Test
    void everyListedTypeIsDocumentedWithoutADoclintWarning(@TempDir Path output) throws IOException {
        List<ListedType> listed = publicApiTable(ROOT.resolve("README.md"));
        assertThat(listed).extracting(ListedType::module).containsAll(MODULES);
        assertThat(listed).as("the table's types").hasSizeGreaterThan(30)
                .extracting(ListedType::toString).contains("OpenSearchSink (sink)", "OpenSearchSink.Builder (sink)");

        List<String> notFound = new ArrayList<>();
        Set<Path> files = new TreeSet<>();
        for (ListedType type : listed) {
            Optional<Path> file = sourceFile(ROOT.resolve(type.module()).resolve("src/main/java"), type);
            file.ifPresentOrElse(files::add, () -> notFound.add(type.toString()));
        }
        assertThat(notFound).as("types README.md lists that are not in their module's src/main/java").isEmpty();

        List<Path> sourcePath = MODULES.stream().map(module -> ROOT.resolve(module).resolve("src/main/java")).toList();
        assertThat(doclint(files, sourcePath, output)).as("javadoc -Xdoclint:all on README.md's public API").isEmpty();
    }

    @Test
    void aMissingCommentInAListedFileIsReportedAndOtherFilesOfItsPackageAreNot(@TempDir Path output) throws IOException {
        Path fixtures = Path.of("src/test/resources/public-api-javadoc").toAbsolutePath();
        Path undocumented = fixtures.resolve("fixture/Undocumented.java");

        List<String> problems = doclint(Set.of(undocumented), List.of(fixtures), output);

        assertThat(problems).anySatisfy(problem -> assertThat(problem)
                .contains("Undocumented.java:9").contains("no comment"));
        assertThat(problems).anySatisfy(problem -> assertThat(problem).contains("no @return"));
        assertThat(problems).as("OutsideTheList.java is not listed").noneMatch(problem -> problem.contains("OutsideTheList"));
        assertThat(doclint(Set.of(fixtures.resolve("fixture/Documented.java")), List.of(fixtures), output)).isEmpty();
    }

    @Test
    void aTypeTheTableNamesButNoFileHoldsIsNotFound() {
        Path common = ROOT.resolve("common/src/main/java");

        assertThat(sourceFile(common, new ListedType("common", "Settings", Optional.empty()))).isPresent();
        assertThat(sourceFile(common, new ListedType("common", "NoSuchSettings", Optional.empty()))).isEmpty();
        assertThat(sourceFile(common, new ListedType("common", "NoSuchBuilder", Optional.of("Settings")))).isEmpty();
    }

    /**
     * The table's rows, {@code | `module` | `Type`, `Other` (and its `Builder`); ... |}: every code
     * span of the second cell is a type, one right after "its" a type nested in the one before it.
     */
    static List<ListedType> publicApiTable(Path readme) throws IOException {
        List<String> lines = Files.readAllLines(readme);
        int section = lines.indexOf("## Use it as a library");
        assertThat(section).as("README.md section Use it as a library").isNotNegative();
        int table = section + 1;
        while (table < lines.size() && !lines.get(table).startsWith("The public API")) {
            table++;
        }
        assertThat(table).as("\"The public API\" in Use it as a library").isLessThan(lines.size());
        List<ListedType> types = new ArrayList<>();
        for (String line : lines.subList(table + 1, lines.size())) {
            if (line.isBlank() && !types.isEmpty()) {
                break;
            }
            String[] cells = line.split("\\|");
            if (!line.startsWith("| `") || cells.length < 3) {
                continue;
            }
            String module = cells[1].trim().replace("`", "");
            Matcher span = CODE_SPAN.matcher(cells[2]);
            String previous = null;
            int end = 0;
            while (span.find()) {
                String before = cells[2].substring(end, span.start());
                boolean nested = previous != null && before.toLowerCase(Locale.ROOT).endsWith("its ");
                types.add(new ListedType(module, span.group(1), nested ? Optional.of(previous) : Optional.empty()));
                if (!nested) {
                    previous = span.group(1);
                }
                end = span.end();
            }
        }
        return types;
    }

    /** The one file of {@code sources} that declares {@code type} (a nested type: in its enclosing type's file). */
    static Optional<Path> sourceFile(Path sources, ListedType type) {
        String fileName = type.enclosing().orElse(type.name()) + ".java";
        List<Path> found;
        try (Stream<Path> walk = Files.walk(sources)) {
            found = walk.filter(path -> path.getFileName().toString().equals(fileName)).toList();
        } catch (IOException e) {
            return Optional.empty();
        }
        if (found.size() != 1) {
            return Optional.empty();
        }
        if (type.enclosing().isPresent()) {
            Pattern declaration = Pattern.compile("\\b(class|interface|record|enum)\\s+" + type.name() + "\\b");
            try {
                if (!declaration.matcher(Files.readString(found.get(0))).find()) {
                    return Optional.empty();
                }
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.of(found.get(0));
    }

    /**
     * Every error, and every warning in {@code files}, of the JDK's javadoc with {@code -Xdoclint:all}
     * on the packages of {@code files}, each as {@code file:line: kind: message}.
     */
    static List<String> doclint(Set<Path> files, List<Path> sourcePath, Path output) throws IOException {
        Set<String> packages = new TreeSet<>();
        for (Path file : files) {
            Matcher name = PACKAGE.matcher(Files.readString(file));
            assertThat(name.find()).as("package of " + file).isTrue();
            packages.add(name.group(1));
        }
        DocumentationTool javadoc = ToolProvider.getSystemDocumentationTool();
        assertThat(javadoc).as("the JDK's javadoc (a JDK, not a JRE, runs the tests)").isNotNull();
        List<String> options = new ArrayList<>(List.of(
                "-Xdoclint:all", "-quiet", "-Xmaxwarns", "100000", "-Xmaxerrs", "100000",
                "-d", output.toString(),
                "-classpath", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "-sourcepath", sourcePath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator))));
        options.addAll(packages);
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter console = new StringWriter();
        boolean succeeded;
        try (StandardJavaFileManager fileManager = javadoc.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            succeeded = javadoc.getTask(console, fileManager, diagnostics, null, options, null).call();
        }
        Set<Path> listed = files.stream().map(file -> file.toAbsolutePath().normalize()).collect(Collectors.toSet());
        Set<Finding> problems = new TreeSet<>(Comparator.comparing(Finding::file).thenComparing(Finding::line)
                .thenComparing(Finding::text));
        for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
            if (diagnostic.getKind() == Diagnostic.Kind.NOTE || diagnostic.getKind() == Diagnostic.Kind.OTHER) {
                continue;
            }
            Path source = diagnostic.getSource() == null ? null : Path.of(diagnostic.getSource().toUri()).normalize();
            if (diagnostic.getKind() != Diagnostic.Kind.ERROR && source != null && !listed.contains(source)) {
                continue;
            }
            problems.add(new Finding(source == null ? "javadoc" : ROOT.relativize(source).toString(),
                    diagnostic.getLineNumber(), diagnostic.getKind().name().toLowerCase(Locale.ROOT) + ": "
                            + diagnostic.getMessage(Locale.ROOT)));
        }
        if (!succeeded && problems.isEmpty()) {
            problems.add(new Finding("javadoc", 0, "failed: " + console));
        }
        return problems.stream().map(Finding::toString).toList();
    }

    private record Finding(String file, long line, String text) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + text;
        }
    }
}
