package org.hsmpool.pool.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;

import org.hsmpool.pool.keys.KeyService;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;

/**
 * A nimbus {@link JWSSigner} whose ES256 signature is made by a node: the JWS signing input is
 * hashed here (SHA-256) and the digest signed with the pool's token signing key through the
 * node's Sign call. The node answers ECDSA as Key Vault does, r||s, which is already JOSE's form; a
 * DER answer is converted all the same.
 */
final class NodeJwsSigner implements JWSSigner {
    private static final int ES256_SIGNATURE_BYTES = 64;

    private final KeyService keys;
    private final String keyName;
    private final String version;
    private final JCAContext jca = new JCAContext();

    NodeJwsSigner(KeyService keys, String keyName, String version) {
        this.keys = keys;
        this.keyName = keyName;
        this.version = version;
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
            throw new JOSEException("the token signing key signs ES256 only, not " + header.getAlgorithm());
        }
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(signingInput);
        } catch (NoSuchAlgorithmException e) {
            throw new JOSEException("SHA-256 is part of every Java platform", e);
        }
        byte[] signature = KeyService.await(keys.sign(keyName, version, "ES256", digest)).value();
        return Base64URL.encode(signature.length == ES256_SIGNATURE_BYTES ? signature
                : ECDSA.transcodeSignatureToConcat(signature, ES256_SIGNATURE_BYTES));
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return Set.of(JWSAlgorithm.ES256);
    }

    @Override
    public JCAContext getJCAContext() {
        return jca;
    }
}
