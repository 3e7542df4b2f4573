package org.hsmpool.pool.arch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The executable half of docs/architecture.md ("Inside pool-manager"): a request flows
 * {@code api → auth / rbac → keys → replication → router → nodes}, the store is at the bottom, and
 * nothing below calls back up. Every package must be placed in a layer, so a new one is a decision.
 */
class ArchitectureTest {

    private static final String P = "org.hsmpool.pool.";
    private static JavaClasses pool;

    @BeforeAll
    static void importClasses() {
        pool = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.hsmpool.pool");
    }

    @Test
    void requestsFlowDownFromTheEdgesToTheStore() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .ensureAllClassesAreContainedInArchitecture()
                .layer("api").definedBy(P + "api..")
                .layer("admin").definedBy(P + "admin..")
                .layer("securitydomain").definedBy(P + "securitydomain..")
                .layer("backup").definedBy(P + "backup..")
                .layer("observe").definedBy(P + "observe..")
                .layer("audit").definedBy(P + "audit..")
                .layer("rbac").definedBy(P + "rbac..")
                .layer("auth").definedBy(P + "auth..")
                .layer("keys").definedBy(P + "keys..")
                .layer("replication").definedBy(P + "replication..")
                .layer("leader").definedBy(P + "leader..")
                .layer("router").definedBy(P + "router..")
                .layer("nodes").definedBy(P + "nodes..")
                .layer("tls").definedBy(P + "tls..")
                .layer("config").definedBy(P + "config..")
                .layer("store").definedBy(P + "store..")
                // the other edges answer in the Key Vault error format too; nothing below an edge knows it
                .whereLayer("api").mayOnlyBeAccessedByLayers("admin", "securitydomain", "backup")
                .whereLayer("admin").mayNotBeAccessedByAnyLayer()
                .whereLayer("securitydomain").mayOnlyBeAccessedByLayers("admin") // the drill summary in status
                .whereLayer("backup").mayNotBeAccessedByAnyLayer()
                .whereLayer("observe").mayNotBeAccessedByAnyLayer()
                .whereLayer("audit").mayOnlyBeAccessedByLayers("api", "admin", "backup")
                .whereLayer("rbac").mayOnlyBeAccessedByLayers("api", "admin", "securitydomain", "backup", "audit")
                .whereLayer("auth").mayOnlyBeAccessedByLayers("api", "admin", "securitydomain", "backup", "audit", "rbac")
                .whereLayer("keys").mayOnlyBeAccessedByLayers("api", "admin", "securitydomain", "backup", "audit", "rbac",
                        "auth")
                .whereLayer("replication").mayOnlyBeAccessedByLayers("api", "admin", "securitydomain", "backup", "keys")
                .whereLayer("leader").mayOnlyBeAccessedByLayers("api", "admin", "securitydomain", "backup", "audit", "keys",
                        "replication")
                .whereLayer("router").mayOnlyBeAccessedByLayers("api", "admin", "securitydomain", "backup", "observe", "audit",
                        "keys", "replication", "leader")
                .whereLayer("nodes").mayOnlyBeAccessedByLayers("api", "admin", "securitydomain", "backup", "observe", "audit",
                        "auth", "keys", "replication", "leader", "router")
                .whereLayer("tls").mayOnlyBeAccessedByLayers("api", "admin", "securitydomain", "backup", "observe", "nodes")
                .check(pool);
    }

    @Test
    void theOtherEdgesUseOnlyTheWireErrorOfApi() {
        noClasses().that().resideOutsideOfPackage(P + "api..")
                .should().dependOnClassesThat(resideInAPackage(P + "api..")
                        .and(not(name(P + "api.KeyVaultException")))
                        .and(not(name(P + "api.DomainErrors"))))
                .because("each layer throws its own error with a code; api maps them to the wire, once")
                .check(pool);
    }

    @Test
    void theStoreDependsOnNoOtherPart() {
        noClasses().that().resideInAPackage(P + "store..")
                .should().dependOnClassesThat(resideInAPackage("org.hsmpool.pool..")
                        .and(resideOutsideOfPackage(P + "store..")))
                .check(pool);
    }

    @Test
    void onlyTheNodeLayerSpeaksGrpc() {
        // in keys, only KeyNodeCalls adapts the router's StreamObservers to the client's CompletionStage
        noClasses().that().resideOutsideOfPackages(P + "nodes..", P + "router..")
                .and().doNotHaveFullyQualifiedName(P + "keys.KeyNodeCalls")
                .should().dependOnClassesThat().resideInAPackage("io.grpc..")
                .because("the manager reaches nodes through NodeClients and the router, never a raw channel")
                .check(pool);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("org.hsmpool.pool.(*)..").should().beFreeOfCycles().check(pool);
    }
}
