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
import org.hsmpool.sd.SelfSignedCertificate;
import org.hsmpool.sd.TransferKey;

/**
 * The node of a pool being restored, as far as an administrator sees it: a transfer key (RSA-3072,
 * self-signed, published as a JWK file) and, for the test's side of the restore, its private half.
 */
record NewPool(KeyPair keys, TransferKey transferKey, Path jwkFile) {

    static NewPool create(Path dir, String name) throws IOException {
        KeyPair keys = rsa(3072);
        TransferKey transferKey = TransferKey.of(SelfSignedCertificate.issue(keys, "hsm-node transfer key " + name,
                Instant.now(), Duration.ofDays(1)));
        Path jwkFile = dir.resolve(name + "-transfer-key.json");
        Files.writeString(jwkFile, transferKey.toJwkJson());
        return new NewPool(keys, transferKey, jwkFile);
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
