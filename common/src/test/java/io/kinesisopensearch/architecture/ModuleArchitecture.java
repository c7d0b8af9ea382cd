package io.kinesisopensearch.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The rules every module's architecture test checks on the module's own classes (its
 * {@code target/classes}; the modules it depends on check theirs): no package cycles, and KCL,
 * Micrometer and logback only where the worker runs. Shared through this module's test jar.
 */
public final class ModuleArchitecture {

    /** KCL and the DynamoDB Streams adapter, which only the worker (the consumer module) may use. */
    static final String[] KCL = {"software.amazon.kinesis..", "com.amazonaws.services.dynamodbv2.streamsadapter.."};
    /** What the worker runs with but no library module may need: metrics registry and logging backend. */
    static final String[] WORKER_RUNTIME = {"io.micrometer..", "ch.qos.logback.."};

    private final JavaClasses classes;

    private ModuleArchitecture(JavaClasses classes) {
        this.classes = classes;
    }

    /** The module under test: the classes it compiled, run from its directory as Maven runs tests. */
    public static ModuleArchitecture ofThisModule() {
        Path compiled = Path.of("target", "classes");
        if (!Files.isDirectory(compiled)) {
            throw new IllegalStateException("no compiled classes at " + compiled.toAbsolutePath());
        }
        return new ModuleArchitecture(new ClassFileImporter().importPath(compiled));
    }

    /** The classes of {@code packageName} on the class path, for the rules' own tests. */
    static ModuleArchitecture ofPackage(String packageName) {
        return new ModuleArchitecture(new ClassFileImporter().importPackages(packageName));
    }

    /** How many classes are checked: a rule over no class would pass for nothing. */
    public int size() {
        return classes.size();
    }

    /** No package imports, through any path, a package that imports it back. */
    public ModuleArchitecture hasNoPackageCycles() {
        slices().matching("io.kinesisopensearch.(**)").should().beFreeOfCycles().check(classes);
        return this;
    }

    /** No class uses KCL or the DynamoDB Streams adapter: they stay inside the worker. */
    public ModuleArchitecture usesNoKcl() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(KCL)
                .because("KCL stays inside the worker (the consumer module)").check(classes);
        return this;
    }

    /** No class uses Micrometer or logback: a library module logs through SLF4J and counts in plain counters. */
    public ModuleArchitecture usesNoWorkerRuntime() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(WORKER_RUNTIME)
                .because("metrics registries and logging backends are the application's choice").check(classes);
        return this;
    }

    /** No class of the module uses a class of {@code packages}. */
    public ModuleArchitecture doesNotUse(String reason, String... packages) {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(packages).because(reason).check(classes);
        return this;
    }
}
