package org.hsmpool.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.nodeapi.v1.SecurityDomainReply;
import org.hsmpool.sd.AdminKeyPair;
import org.hsmpool.sd.DomainKeys;
import org.hsmpool.sd.SecurityDomain;
import org.hsmpool.sd.SecurityDomainBlob;
import org.hsmpool.testkit.NodeProcess;
import org.hsmpool.testkit.TestPool;
import org.junit.jupiter.api.Test;

/**
 * S, W, H and the administrators' shares exist in plaintext only inside a node process, for a
 * moment: they must not reach a log (at DEBUG for the node and for Quarkus gRPC), a file in the
 * node's directory (token store included), or the message of a refused call. The test recombines
 * S from the administrators' own shares, as only a test may, and looks for every one of those
 * secrets in every spelling {@link Leaks} knows.
 */
class SecurityDomainSecrecyIT {

    @Test
    void theMasterThePoolKeysAndTheSharesReachNoLogFileOrErrorMessage() throws Exception {
        TestPool pool = new TestPool(Nodes.workDir("secrecy"));
        List<AdminKeyPair> admins = SecurityDomains.admins(3);
        String poolId = Nodes.newKeyId();
        List<String> refusals = new ArrayList<>();
        SecurityDomainBlob blob;
        try (NodeProcess nodeA = debugNode(pool, "node-a"); NodeProcess nodeB = debugNode(pool, "node-b")) {
            nodeA.awaitReady();
            nodeB.awaitReady();
            try (NodeClient a = pool.managerClient(nodeA); NodeClient b = pool.managerClient(nodeB)) {
                SecurityDomainReply created = SecurityDomains.create(a, admins, 2, poolId);
                String blobJson = created.getBlobJson();
                blob = SecurityDomainBlob.parse(blobJson);
                List<String> shares = SecurityDomains.shares(blob, admins, SecurityDomains.transferKey(b));
                SecurityDomainBlob other = otherDomain(admins);
                List<String> otherShares = SecurityDomains.shares(other, admins, SecurityDomains.transferKey(b));

                refuse(refusals, () -> SecurityDomains.create(a, admins, 2, poolId));
                refuse(refusals, () -> SecurityDomains.restore(b, blobJson, List.of(shares.get(0))));
                refuse(refusals, () -> SecurityDomains.restore(b, blobJson, List.of(shares.get(0), shares.get(0))));
                refuse(refusals, () -> SecurityDomains.restore(b, blobJson, List.of(shares.get(0),
                        tamper(shares.get(1)))));
                refuse(refusals, () -> SecurityDomains.restore(b, blobJson, otherShares.subList(0, 2)));
                refuse(refusals, () -> SecurityDomains.restore(b, other.toJson(), List.of(shares.get(0),
                        shares.get(1))));
                SecurityDomains.restore(b, blobJson, shares.subList(1, 3));
                assertThat(SecurityDomains.info(b).getDomainId()).isEqualTo(poolId);
            }
        }

        byte[] master = SecurityDomains.master(blob, admins);
        List<byte[]> secrets = new ArrayList<>(List.of(master));
        try (DomainKeys keys = DomainKeys.derive(master, poolId)) {
            secrets.add(keys.wrapKey());
            secrets.add(keys.macKey());
        }
        admins.forEach(admin -> secrets.add(SecurityDomains.shareBytes(blob, admin)));
        assertThat(secrets).hasSize(6);

        Path dirA = pool.dir().resolve("node-a");
        Path dirB = pool.dir().resolve("node-b");
        String logA = Files.readString(dirA.resolve("node.log"));
        String logB = Files.readString(dirB.resolve("node.log"));
        // the search is live: DEBUG output of both categories is there, and so is a value the node
        // does log (the domain id, in hex), which the same search finds
        assertThat(logA + logB).containsPattern("DEBUG \\[or\\.hs\\.no\\.rp\\.Replies] +restoreSecurityDomain refused").contains(
                "DEBUG [io.qu.gr", "security domain " + poolId + " created",
                "security domain " + poolId + " restored");
        assertThat(Leaks.find(logA, List.of(HexFormat.of().parseHex(poolId)))).isPresent();
        assertThat(refusals).hasSize(6);

        assertThat(Leaks.find(logA, secrets)).as("node A's log").isEmpty();
        assertThat(Leaks.find(logB, secrets)).as("node B's log").isEmpty();
        for (String refusal : refusals) {
            assertThat(Leaks.find(refusal, secrets)).as("the refusal %s", refusal).isEmpty();
        }
        for (Path file : files(dirA, dirB)) {
            byte[] content = Files.readAllBytes(file);
            assertThat(Leaks.findRaw(content, secrets)).as("file %s", file).isEmpty();
            assertThat(Leaks.find(new String(content, java.nio.charset.StandardCharsets.ISO_8859_1), secrets))
                    .as("file %s", file).isEmpty();
        }
    }

    private static NodeProcess debugNode(TestPool pool, String name) throws IOException, InterruptedException {
        return pool.node(name)
                .systemProperty("quarkus.log.category.\"org.hsmpool\".level", "DEBUG")
                .systemProperty("quarkus.log.category.\"io.quarkus.grpc\".level", "DEBUG")
                .systemProperty("quarkus.log.category.\"io.grpc\".level", "DEBUG")
                .start();
    }

    private static void refuse(List<String> refusals, Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(NodeClient.NodeCallException.class,
                e -> refusals.add(e.getMessage()));
    }

    private static String tamper(String jwe) {
        String[] parts = jwe.split("\\.");
        char[] ciphertext = parts[3].toCharArray();
        ciphertext[7] = ciphertext[7] == 'Q' ? 'R' : 'Q';
        parts[3] = new String(ciphertext);
        return String.join(".", parts);
    }

    private static SecurityDomainBlob otherDomain(List<AdminKeyPair> admins) {
        byte[] master = new byte[32];
        SecurityDomains.RANDOM.nextBytes(master);
        return SecurityDomain.create(master, Nodes.newKeyId(), admins.stream().map(AdminKeyPair::certificate).toList(),
                2, Instant.now(), SecurityDomains.RANDOM);
    }

    private static List<Path> files(Path... dirs) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path dir : dirs) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(Files::isRegularFile).forEach(out::add);
            }
        }
        assertThat(out).as("token files are among them").anyMatch(p -> p.toString().contains("softhsm"));
        return out;
    }
}
