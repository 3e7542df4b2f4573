package org.hsmpool.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every module's process tests start and reach pools only through this harness: no test source outside
 * testkit (nor the benchmark, which shares {@link UpPool}) launches a node or manager application, sets
 * up class-data sharing, activates a pool with administrators of its own or builds its own pool-CA trust.
 * A plain source scan: the rules are about what a file says, and the files are in other modules.
 */
class HarnessOnlyTest {
    private static final Path HOME = Path.of(System.getProperty("hsmpool.home", "..")).toAbsolutePath().normalize();
    private static final List<Path> SOURCES = new ArrayList<>();

    @BeforeAll
    static void readSources() throws IOException {
        try (Stream<Path> modules = Files.list(HOME)) {
            for (Path module : modules.filter(m -> Files.isRegularFile(m.resolve("pom.xml"))).toList()) {
                if (module.getFileName().toString().equals("testkit")) {
                    continue;
                }
                for (Path root : List.of(module.resolve("src/test/java"), module.resolve("src/main/java"))) {
                    if (root.endsWith("main/java") && !module.getFileName().toString().equals("bench")) {
                        continue; // product code is checked by each module's own ArchitectureTest
                    }
                    if (Files.isDirectory(root)) {
                        try (Stream<Path> files = Files.walk(root)) {
                            files.filter(f -> f.toString().endsWith(".java")).forEach(SOURCES::add);
                        }
                    }
                }
            }
        }
        assertThat(SOURCES).as("the test sources of hsm-node, pool-manager, cli, bench and containers")
                .anyMatch(f -> f.toString().contains("/pool-manager/src/test/"))
                .anyMatch(f -> f.toString().contains("/hsm-node/src/test/"))
                .anyMatch(f -> f.toString().contains("/cli/src/test/"))
                .anyMatch(f -> f.toString().contains("/containers/src/test/"));
    }

    @Test
    void onlyNodeProcessAndManagerProcessLaunchTheApplications() {
        assertNone(s -> s.contains("hsmpool.test.node.jar") || s.contains("hsmpool.test.manager.jar"),
                "name the applications' jars (NodeProcess and ManagerProcess launch them)");
        assertNone(s -> s.contains("ProcessBuilder") && s.contains("quarkus-run.jar"),
                "start a packaged application themselves (NodeProcess, ManagerProcess)");
        assertNone(s -> s.contains("new NodeDirectory("), "build a node's command line (NodeProcess)");
    }

    @Test
    void onlyTestJvmSetsUpClassDataSharing() {
        assertNone(s -> s.contains("SharedArchiveFile") || s.contains("ArchiveClassesAtExit"),
                "set up class-data-sharing archives (TestJvm)");
    }

    @Test
    void onlyActivationActivatesAPool() {
        assertNone(s -> s.contains("/securitydomain/download\"") && s.contains("AdminKeyPair.generate("),
                "activate a pool with administrators of their own (Activation)");
    }

    @Test
    void onlyPoolTrustTrustsAPoolCa() {
        assertNone(s -> s.contains("TrustManagerFactory"), "build their own trust in a pool CA (PoolTrust)");
    }

    private static void assertNone(Predicate<String> breaks, String what) {
        List<String> offenders = new ArrayList<>();
        for (Path file : SOURCES) {
            try {
                if (breaks.test(Files.readString(file))) {
                    offenders.add(HOME.relativize(file).toString());
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        assertThat(offenders).as("files that " + what).isEmpty();
    }
}
