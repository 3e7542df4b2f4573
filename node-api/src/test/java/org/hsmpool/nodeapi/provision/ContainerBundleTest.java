package org.hsmpool.nodeapi.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;

import org.hsmpool.nodeapi.pki.Pem;
import org.hsmpool.nodeapi.pki.PoolIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerBundleTest {
    @TempDir
    Path dir;

    private static ContainerBundle.Node node(String name, String... hosts) {
        return new ContainerBundle.Node(name, List.of(hosts));
    }

    @Test
    void writesEachNodeItsIdentityAndPinsAndTheManagerItsNodeList() throws Exception {
        ContainerBundle b = new ContainerBundle(dir).write(List.of(node("node-1", "node-1"), node("hsmpool-node-0",
                "hsmpool-node-0.hsmpool-node", "localhost")), List.of("localhost", "manager"), -1);

        X509Certificate cert = Pem.readCertificates(b.nodeDir("hsmpool-node-0").resolve("node.crt")).get(0);
        assertThat(PoolIdentity.of(cert)).contains(PoolIdentity.node("hsmpool-node-0"));
        assertThat(cert.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString()))
                .contains("hsmpool-node-0.hsmpool-node", "localhost");
        for (String secret : List.of("node.key", "user.pin", "so.pin")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(b.nodeDir("node-1").resolve(secret))))
                    .as(secret).isEqualTo("rw-------");
        }
        assertThat(Files.readString(b.nodeDir("node-1").resolve("user.pin"))).matches("[0-9a-f]{24}");
        assertThat(Files.readString(b.managerDir().resolve("manager.properties")))
                .contains("hsmpool.pool.nodes.node-1=node-1:9443\n")
                .contains("hsmpool.pool.nodes.hsmpool-node-0=hsmpool-node-0.hsmpool-node:9443\n")
                .contains("hsmpool.pool.auth.initial-administrators=operator\n");
        assertThat(b.operatorToken()).matches("[0-9a-f]{64}");
        assertThat(Files.exists(b.managerDir().resolve("ca.key"))).as("the CA key is never beside the mounted files").isFalse();
    }

    @Test
    void aSecondRunKeepsWhatExistsAndAddsNewNodes() throws Exception {
        ContainerBundle b = new ContainerBundle(dir).write(List.of(node("node-1", "node-1")), List.of("localhost"), -1);
        String ca = Files.readString(b.caFile());
        String pin = Files.readString(b.nodeDir("node-1").resolve("user.pin"));
        String token = b.operatorToken();

        b.write(List.of(node("node-1", "node-1"), node("node-2", "node-2")), List.of("localhost"), -1);

        assertThat(Files.readString(b.caFile())).isEqualTo(ca);
        assertThat(Files.readString(b.nodeDir("node-1").resolve("user.pin"))).isEqualTo(pin);
        assertThat(b.operatorToken()).isEqualTo(token);
        assertThat(Files.readString(b.nodeDir("node-2").resolve("ca.crt"))).isEqualTo(ca);
        assertThat(Files.readString(b.managerDir().resolve("manager.properties"))).contains("node-2=node-2:9443");
    }

    @Test
    void managersOnPostgresqlGetTheUrlAndUserInTheirPropertiesAndThePasswordOnlyInAFile() throws Exception {
        ContainerBundle.Database db = new ContainerBundle.Database("jdbc:postgresql://postgres:5432/hsmpool", "hsmpool");
        ContainerBundle b = new ContainerBundle(dir).write(List.of(node("node-1", "node-1")), List.of("localhost"), -1, db);
        Path password = b.databaseDir().resolve("password");
        assertThat(Files.readString(password)).matches("[0-9a-f]{48}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(password))).isEqualTo("rw-------");
        String props = Files.readString(b.managerDir().resolve("manager.properties"));
        assertThat(props).contains("hsmpool.pool.database.url=jdbc:postgresql://postgres:5432/hsmpool\n")
                .contains("hsmpool.pool.database.user=hsmpool\n")
                .contains("hsmpool.pool.database.password-file=" + ContainerBundle.DATABASE_MOUNT + "/password\n")
                .doesNotContain(Files.readString(password));

        String kept = Files.readString(password);
        b.write(List.of(node("node-1", "node-1")), List.of("localhost"), -1, db);
        assertThat(Files.readString(password)).as("a second run keeps the password").isEqualTo(kept);

        assertThatThrownBy(() -> new ContainerBundle.Database("jdbc:postgresql://db/hsmpool?password=x", "hsmpool"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without a password");
        assertThatThrownBy(() -> new ContainerBundle.Database("jdbc:sqlite:pool.db", "hsmpool"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNodeNeedsAHostName() {
        assertThatThrownBy(() -> node("node-1")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node-1");
    }
}
