package org.hsmpool.cli.sd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.util.List;
import java.util.Map;

import org.hsmpool.nodeapi.pki.Pem;
import org.hsmpool.nodeapi.pki.PoolCa;
import org.hsmpool.nodeapi.pki.PoolIdentity;
import org.hsmpool.nodeapi.pki.TransferKeyAttestation;
import org.hsmpool.sd.SelfSignedCertificate;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.hsmpool.sd.TransferKey;

/**
 * The node of a pool being restored, as far as an administrator sees it: a transfer key (RSA-3072,
 * self-signed, published as a JWK file) and, for the test's side of the restore, its private half.
 */
record NewPool(KeyPair keys, TransferKey transferKey, Path jwkFile, Path caFile) {

    /** A transfer key attested, as a node does it, by the node certificate {@code node-1} of a new pool CA. */
    static NewPool create(Path dir, String name) throws IOException {
        PoolCa ca = PoolCa.create(name, Duration.ofDays(1));
        Path caFile = dir.resolve(name + "-ca.crt");
        Pem.writeCertificates(caFile, List.of(ca.certificate()));
        return create(dir, name, ca.issue(PoolIdentity.node("node-1"), List.of("localhost"), Duration.ofDays(1)),
                caFile);
    }

    /** A transfer key attested by {@code attester} (any identity, of any CA); {@code caFile} is what admins trust. */
    static NewPool create(Path dir, String name, PoolCa.Issued attester, Path caFile) throws IOException {
        KeyPair keys = rsa(3072);
        TransferKey transferKey = TransferKey.of(SelfSignedCertificate.issue(keys, "hsm-node transfer key " + name,
                Instant.now(), Duration.ofDays(1)));
        Path jwkFile = dir.resolve(name + "-transfer-key.json");
        try {
            Map<String, Object> jwk = JSONObjectUtils.parse(transferKey.toJwkJson());
            jwk.put(TransferKeyAttestation.JWK_MEMBER, TransferKeyAttestation.sign(attester.key(),
                    List.of(attester.certificate()), transferKey.certificate().getEncoded()).toJson());
            Files.writeString(jwkFile, JSONObjectUtils.toJSONString(jwk));
        } catch (GeneralSecurityException | ParseException e) {
            throw new AssertionError(e);
        }
        return new NewPool(keys, transferKey, jwkFile, caFile);
    }

    /** The node's raw RSA private-key operation, as its token offers it. */
    NoPaddingRsa token() {
        return new NoPaddingRsa(keys.getPrivate(), ((RSAPublicKey) keys.getPublic()).getModulus().bitLength());
    }

    static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
