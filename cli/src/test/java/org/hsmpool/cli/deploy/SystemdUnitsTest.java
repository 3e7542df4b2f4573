package org.hsmpool.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.hsmpool.nodeapi.provision.NodeDirectory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The systemd units in deploy/systemd: each runs its application as a dedicated unprivileged user,
 * hardened, from the right jar, and carries no secret inline (secrets are credentials or files).
 */
class SystemdUnitsTest {
    private static final Path DIR = Path.of(System.getProperty("hsmpool.home", "..")).resolve("deploy/systemd");
    /** Names whose value would be a secret if given inline. */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(pin|password|passphrase|secret|token)$");

    /** One unit file: [Section] -> key -> every value given, in order. */
    record Unit(Map<String, Map<String, List<String>>> sections) {
        static Unit parse(Path file) throws IOException {
            Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
            Map<String, List<String>> current = null;
            for (String raw : Files.readAllLines(file)) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                    continue;
                }
                if (line.startsWith("[")) {
                    current = sections.computeIfAbsent(line.substring(1, line.indexOf(']')), s -> new LinkedHashMap<>());
                    continue;
                }
                assertThat(current).as("%s: a setting before any [Section]: %s", file, line).isNotNull();
                int eq = line.indexOf('=');
                assertThat(eq).as("%s: not key=value: %s", file, line).isPositive();
                current.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>()).add(line.substring(eq + 1).strip());
            }
            return new Unit(sections);
        }

        String one(String key) {
            List<String> values = sections.getOrDefault("Service", Map.of()).getOrDefault(key, List.of());
            assertThat(values).as("[Service] %s", key).hasSize(1);
            return values.get(0);
        }

        List<String> all(String key) {
            return sections.getOrDefault("Service", Map.of()).getOrDefault(key, List.of());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hsmpool-manager.service", "hsmpool-node@.service"})
    void eachUnitRunsAsADedicatedUserHardened(String name) throws IOException {
        Unit unit = Unit.parse(DIR.resolve(name));

        assertThat(unit.sections()).containsKeys("Unit", "Service", "Install");
        // the manager and each node have users of their own (issue 14 item 8)
        String user = name.startsWith("hsmpool-node@") ? "hsmpool-%i" : "hsmpool";
        assertThat(unit.one("User")).isEqualTo(user);
        assertThat(unit.one("Group")).isEqualTo(user);
        assertThat(unit.one("NoNewPrivileges")).isEqualTo("yes");
        assertThat(unit.one("ProtectSystem")).isEqualTo("strict");
        assertThat(unit.one("ProtectHome")).isEqualTo("yes");
        assertThat(unit.one("PrivateTmp")).isEqualTo("yes");
        assertThat(unit.one("CapabilityBoundingSet")).isEmpty();
        assertThat(unit.one("UMask")).isEqualTo("0077");
        assertThat(unit.one("ReadWritePaths")).isEqualTo(name.startsWith("hsmpool-node@") ? "/var/lib/hsmpool-node/%i"
                : "/var/lib/hsmpool");
        assertThat(unit.one("EnvironmentFile")).startsWith("/etc/hsmpool/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hsmpool-manager.service", "hsmpool-node@.service"})
    void noUnitCarriesASecretInline(String name) throws IOException {
        Unit unit = Unit.parse(DIR.resolve(name));

        for (String assignment : unit.all("Environment")) {
            String variable = assignment.replace("\"", "").split("=", 2)[0];
            assertThat(variable).as("%s sets %s inline", name, variable).doesNotMatch(SECRET_NAME);
        }
        String exec = unit.one("ExecStart");
        // a secret may be passed only as a path into the unit's credentials directory
        for (String arg : exec.split("\\s+")) {
            if (arg.startsWith("-D") && arg.contains("=")) {
                String property = arg.substring(2, arg.indexOf('='));
                String value = arg.substring(arg.indexOf('=') + 1);
                if (property.endsWith(".key") || property.contains("pin") || SECRET_NAME.matcher(property).matches()) {
                    assertThat(value).as("%s: %s", name, property).startsWith("${CREDENTIALS_DIRECTORY}/");
                }
            }
        }
        assertThat(exec).doesNotContainIgnoringCase("token.pin=").doesNotContainIgnoringCase("password");
        for (String credential : unit.all("LoadCredential")) {
            assertThat(credential).as("a credential is loaded from a root-owned file under /etc/hsmpool").matches("[a-z.]+:/etc/hsmpool/.+");
        }
    }

    @Test
    void theManagerUnitStartsThePoolManagerJar() throws IOException {
        String exec = Unit.parse(DIR.resolve("hsmpool-manager.service")).one("ExecStart");

        assertThat(exec).startsWith("/usr/bin/java ").endsWith("-jar /opt/hsmpool/pool-manager/quarkus-app/quarkus-run.jar");
        assertThat(exec).contains("-Dhsmpool.pool.tls.key=${CREDENTIALS_DIRECTORY}/manager.key");
    }

    @Test
    void theNodeUnitStartsTheNodeJarAsTheDevelopmentRunnerDoes() throws IOException {
        Unit unit = Unit.parse(DIR.resolve("hsmpool-node@.service"));
        String exec = unit.one("ExecStart");

        assertThat(exec).startsWith("/usr/bin/java ").endsWith("-jar /opt/hsmpool/hsm-node/quarkus-app/quarkus-run.jar");
        // the same JDK-internal export the code uses to start a node
        assertThat(exec).contains(NodeDirectory.ADD_EXPORTS).contains("-Dhsmpool.node.name=%i")
                .contains("-Dhsmpool.node.token.pin-file=${CREDENTIALS_DIRECTORY}/user.pin");
        assertThat(unit.all("LoadCredential")).contains("user.pin:/etc/hsmpool/%i/user.pin");
        assertThat(unit.one("EnvironmentFile")).contains("%i");
    }

    @ParameterizedTest
    @ValueSource(strings = {"manager.env.example", "node.env.example"})
    void theEnvironmentFileExamplesHoldNoSecrets(String name) throws IOException {
        List<String> settings = Files.readAllLines(DIR.resolve(name)).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();

        assertThat(settings).isNotEmpty().allMatch(l -> l.matches("[A-Z][A-Z0-9_]*=.*"));
        for (String setting : settings) {
            String variable = setting.substring(0, setting.indexOf('='));
            assertThat(variable).as("%s: %s", name, variable).doesNotMatch(SECRET_NAME).isNotEqualTo("HSMPOOL_POOL_TLS_KEY")
                    .isNotEqualTo("HSMPOOL_NODE_TLS_KEY");
        }
    }
}
