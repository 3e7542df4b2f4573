package org.hsmpool.node.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The executable half of docs/architecture.md ("Inside hsm-node"): a call flows
 * {@code rpc → crypto / domain → token}, nothing below calls back up, and only {@code token}
 * touches PKCS#11.
 */
class ArchitectureTest {

    private static JavaClasses node;

    @BeforeAll
    static void importClasses() {
        node = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.hsmpool.node");
    }

    @Test
    void callsFlowDownFromRpcToToken() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("rpc").definedBy("org.hsmpool.node.rpc..")
                .layer("config").definedBy("org.hsmpool.node.config..")
                .layer("observe").definedBy("org.hsmpool.node.observe..")
                .layer("dev").definedBy("org.hsmpool.node.dev..")
                .layer("domain").definedBy("org.hsmpool.node.domain..")
                .layer("crypto").definedBy("org.hsmpool.node.crypto..")
                .layer("token").definedBy("org.hsmpool.node.token..")
                .whereLayer("rpc").mayNotBeAccessedByAnyLayer()
                .whereLayer("dev").mayNotBeAccessedByAnyLayer()
                .whereLayer("observe").mayNotBeAccessedByAnyLayer()
                .whereLayer("config").mayOnlyBeAccessedByLayers("rpc", "observe", "dev")
                .whereLayer("domain").mayOnlyBeAccessedByLayers("rpc", "config", "observe")
                .whereLayer("crypto").mayOnlyBeAccessedByLayers("rpc", "domain", "config")
                .whereLayer("token").mayOnlyBeAccessedByLayers("rpc", "domain", "crypto", "config", "observe", "dev")
                .check(node);
    }

    @Test
    void theTokenDependsOnNothingAboveIt() {
        noClasses().that().resideInAPackage("org.hsmpool.node.token..")
                .should().dependOnClassesThat().resideInAnyPackage("org.hsmpool.node.rpc..",
                        "org.hsmpool.node.domain..", "org.hsmpool.node.crypto..", "org.hsmpool.node.config..",
                        "org.hsmpool.node.observe..", "org.hsmpool.node.dev..", "io.grpc..", "io.quarkus..")
                .check(node);
    }

    @Test
    void onlyTheTokenPackageTouchesPkcs11() {
        noClasses().that().resideOutsideOfPackage("org.hsmpool.node.token..")
                .should().dependOnClassesThat().resideInAPackage("sun.security.pkcs11..")
                .because("the token package is the PKCS#11 seam")
                .check(node);
    }

    @Test
    void onlyMlDsaTouchesAnMlDsaPrivateKey() {
        noClasses().that().doNotHaveFullyQualifiedName("org.hsmpool.node.crypto.MlDsa")
                .should().dependOnClassesThat().haveFullyQualifiedName(
                        "org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters")
                .because("a node-held ML-DSA key is expanded, used and destroyed inside one call of one class")
                .check(node);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("org.hsmpool.node.(*)..").should().beFreeOfCycles().check(node);
    }
}
