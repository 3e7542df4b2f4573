package org.hsmpool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.nodeapi.v1.CreateSecurityDomainRequest;
import org.hsmpool.nodeapi.v1.Curve;
import org.hsmpool.nodeapi.v1.GenerateKeyRequest;
import org.hsmpool.nodeapi.v1.ImportWrappedRequest;
import org.hsmpool.nodeapi.v1.InfoRequest;
import org.hsmpool.nodeapi.v1.KeyMaterial;
import org.hsmpool.nodeapi.v1.KeyOp;
import org.hsmpool.nodeapi.v1.KeySpec;
import org.hsmpool.nodeapi.v1.KeyType;
import org.hsmpool.nodeapi.v1.RestoreSecurityDomainRequest;
import org.hsmpool.nodeapi.v1.SignAlgorithm;
import org.hsmpool.nodeapi.v1.SignRequest;
import org.hsmpool.nodeapi.v1.TransferKeyRequest;
import org.hsmpool.nodeapi.v1.VerifyRequest;
import org.hsmpool.sd.Pem;
import org.hsmpool.testkit.NodeProcess;
import org.hsmpool.testkit.TestPool;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

/**
 * Issue 3's restore as administrators and operators do it: admin keys made by the jar, a security
 * domain created in node A, node B's transfer key, shares re-encrypted by the jar ({@code sd share})
 * in separate processes, and the restore inside node B, which then uses A's keys.
 */
class CliRestoreIT {

    @Test
    void sharesMadeByTheCliRestoreTheDomainIntoAFreshNode() throws Exception {
        Path work = Path.of(System.getProperty("hsmpool.test.work", "target/it-nodes"))
                .resolve("cli-restore-" + UUID.randomUUID().toString().substring(0, 8));
        TestPool pool = new TestPool(work);
        Path admins = Files.createDirectories(work.resolve("admins"));
        List<ByteString> certificates = new ArrayList<>();
        for (String admin : List.of("alice", "bob", "carol")) {
            JarProcess.run(Map.of("HSMPOOL_ADMIN_PASSPHRASE", admin + " passphrase"), "sd", "admin-keygen", "--out",
                    admins.toString(), "--name", admin);
            certificates.add(ByteString.copyFrom(
                    Pem.readCertificate(Files.readString(admins.resolve(admin + ".crt"))).getEncoded()));
        }
        String poolId = UUID.randomUUID().toString().replace("-", "");

        try (NodeProcess nodeA = pool.node("node-a").start(); NodeProcess nodeB = pool.node("node-b").start()) {
            nodeA.awaitReady();
            nodeB.awaitReady();
            try (NodeClient a = pool.managerClient(nodeA); NodeClient b = pool.managerClient(nodeB)) {
                String blob = a.call(s -> s.createSecurityDomain(CreateSecurityDomainRequest.newBuilder()
                        .addAllAdminCertificates(certificates).setRequired(2).setPoolId(poolId).build())).getBlobJson();
                Path blobFile = work.resolve("security-domain.json");
                Files.writeString(blobFile, blob);
                Path transferKeyFile = work.resolve("transfer-key.json");
                Files.writeString(transferKeyFile,
                        b.call(s -> s.getTransferKey(TransferKeyRequest.getDefaultInstance())).getJwkJson());

                List<String> shares = new ArrayList<>();
                for (String admin : List.of("alice", "carol")) {
                    Path out = work.resolve("share-" + admin + ".jwe");
                    JarProcess.run(Map.of("HSMPOOL_ADMIN_PASSPHRASE", admin + " passphrase"), "sd", "share", "--blob",
                            blobFile.toString(), "--cert", admins.resolve(admin + ".crt").toString(), "--key",
                            admins.resolve(admin + ".key").toString(), "--for", transferKeyFile.toString(),
                            "--pool-ca", pool.caFile().toString(), "--out", out.toString());
                    shares.add(Files.readString(out).strip());
                }
                b.call(s -> s.restoreSecurityDomain(RestoreSecurityDomainRequest.newBuilder().setBlobJson(blob)
                        .addAllShares(shares).build()));
                assertThat(b.call(s -> s.info(InfoRequest.getDefaultInstance())).getDomainId()).isEqualTo(poolId);

                String keyId = UUID.randomUUID().toString().replace("-", "");
                KeyMaterial made = a.call(s -> s.generateKey(GenerateKeyRequest.newBuilder().setKeyId(keyId)
                        .setSpec(KeySpec.newBuilder().setType(KeyType.EC).setCurve(Curve.P_256))
                        .addOps(KeyOp.SIGN).addOps(KeyOp.VERIFY).build()));
                b.call(s -> s.importWrapped(ImportWrappedRequest.newBuilder().setWrappedKey(made.getWrappedKey())
                        .build()));
                ByteString digest = ByteString.copyFrom(HexFormat.of().parseHex("ab".repeat(32)));
                ByteString signature = b.call(s -> s.sign(SignRequest.newBuilder().setKeyId(keyId)
                        .setAlgorithm(SignAlgorithm.ES256).setDigest(digest).build())).getSignature();
                assertThat(a.call(s -> s.verify(VerifyRequest.newBuilder().setKeyId(keyId)
                        .setAlgorithm(SignAlgorithm.ES256).setDigest(digest).setSignature(signature).build()))
                        .getValid()).isTrue();
            }
        }
    }
}
