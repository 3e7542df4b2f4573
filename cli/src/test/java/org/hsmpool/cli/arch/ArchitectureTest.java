package org.hsmpool.cli.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The cli's packages (docs/architecture.md): the root holds only the command tree ({@code HsmPool})
 * and what builds it, every command group shares {@code common}, and the cli reaches a pool only
 * through its public API or its directory, never through the node's or the manager's code.
 */
class ArchitectureTest {
    private static final String CLI = "org.hsmpool.cli";

    private static JavaClasses cli;

    @BeforeAll
    static void importClasses() {
        cli = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(CLI);
    }

    @Test
    void nothingCallsBackUpToTheRoot() {
        noClasses().that().resideOutsideOfPackage(CLI)
                .should().dependOnClassesThat().resideInAPackage(CLI)
                .because("the root only assembles the command tree")
                .check(cli);
    }

    @Test
    void commonDependsOnNoCommandGroup() {
        // the root and the command groups are outside what common may use
        noClasses().that().resideInAPackage(CLI + ".common..")
                .should().dependOnClassesThat().resideOutsideOfPackages(CLI + ".common..", "java..", "javax..",
                        "picocli..", "com.fasterxml.jackson..", "org.hsmpool.nodeapi.pki..")
                .check(cli);
    }

    @Test
    void aPoolIsReachedOnlyThroughItsApiOrItsDirectory() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.hsmpool.pool..", "org.hsmpool.node..",
                "org.hsmpool.nodeapi.v1..", "io.grpc..")
                .because("the cli speaks the pool's REST API and reads its directory, never a node's RPC")
                .check(cli);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching(CLI + ".(*)..").should().beFreeOfCycles().check(cli);
    }
}
