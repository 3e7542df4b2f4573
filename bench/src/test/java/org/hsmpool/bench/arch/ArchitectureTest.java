package org.hsmpool.bench.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The bench's packages (docs/architecture.md): {@code core} is shared and depends on no other part. */
class ArchitectureTest {

    private static JavaClasses bench;

    @BeforeAll
    static void importClasses() {
        bench = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.hsmpool.bench");
    }

    @Test
    void coreDependsOnNoOtherBenchPackage() {
        noClasses().that().resideInAPackage("org.hsmpool.bench.core..")
                .should().dependOnClassesThat().resideInAnyPackage("org.hsmpool.bench", "org.hsmpool.bench.raw..",
                        "org.hsmpool.bench.pool..", "org.hsmpool.bench.scale..")
                .check(bench);
    }

    @Test
    void theSidesDoNotKnowEachOther() {
        noClasses().that().resideInAPackage("org.hsmpool.bench.raw..")
                .should().dependOnClassesThat().resideInAPackage("org.hsmpool.bench.pool..")
                .check(bench);
        noClasses().that().resideInAPackage("org.hsmpool.bench.pool..")
                .should().dependOnClassesThat().resideInAPackage("org.hsmpool.bench.raw..")
                .check(bench);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("org.hsmpool.(**)").should().beFreeOfCycles().check(bench);
    }
}
