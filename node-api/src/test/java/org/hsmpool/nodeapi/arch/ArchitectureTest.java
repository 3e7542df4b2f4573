package org.hsmpool.nodeapi.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * node-api is the contract between the manager and the nodes: its packages form no cycle (each package,
 * the root one included, is a slice of its own), and its sub-packages (pool PKI, audit statements,
 * provisioning, roles) do not reach back into the root package's client.
 */
class ArchitectureTest {
    private static JavaClasses api;

    @BeforeAll
    static void importClasses() {
        api = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.hsmpool.nodeapi");
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("org.hsmpool.(**)").should().beFreeOfCycles().check(api);
    }

    @Test
    void subPackagesDoNotUseTheClient() {
        noClasses().that().resideInAnyPackage("org.hsmpool.nodeapi.pki..", "org.hsmpool.nodeapi.audit..",
                "org.hsmpool.nodeapi.provision..", "org.hsmpool.nodeapi.rbac..")
                .should().dependOnClassesThat().resideInAPackage("org.hsmpool.nodeapi")
                .check(api);
    }
}
