package org.hsmpool.nodeapi;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

import org.hsmpool.nodeapi.pki.TransportKeyAttestation;
import org.hsmpool.nodeapi.v1.ImportKeyRequest;
import org.hsmpool.nodeapi.v1.KeyOp;
import org.hsmpool.nodeapi.v1.KeySpec;
import org.hsmpool.nodeapi.v1.PublicKey;
import org.hsmpool.nodeapi.v1.TransportKey;
import org.hsmpool.nodeapi.v1.TransportKeyPurpose;

import com.google.protobuf.ByteString;

/**
 * The caller's side of ImportKey: a client's key wrapped for one node so that its plaintext never
 * travels. A fresh AES-256 key is wrapped under the node's transport key for client-key imports
 * (RSA-OAEP, SHA-1 and MGF1-SHA-1, the only OAEP SoftHSM2 offers) and the key under that AES key (AES
 * key wrap with padding, RFC 5649). The node's attestation of that key for
 * {@link TransportKeyAttestation.Purpose#CLIENT_KEY_IMPORT} is checked first: its transport key for
 * domain bundles is refused, so nothing made here can be replayed as a bundle.
 */
public final class KeyImports {
    static final int AES_KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final OAEPParameterSpec OAEP_SHA1 = new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1,
            PSource.PSpecified.DEFAULT);

    private KeyImports() {
    }

    /**
     * @param recipient  the node's transport key as GetTransportKey(CLIENT_KEY_IMPORT) returned it; its
     *                   signature for that purpose must verify with the first certificate of its
     *                   chain, which must name a node
     * @param publicKey  RSA n, e or EC x, y of the key (the node checks them against it); null or
     *                   empty for OCT
     * @param encodedKey PKCS#8 PrivateKeyInfo (DER) for RSA and EC, the raw key bytes for OCT; the
     *                   caller owns it and should zero it afterwards
     * @throws IllegalArgumentException when the transport key is not attested or the key is empty
     */
    public static ImportKeyRequest request(TransportKey recipient, String keyId, KeySpec spec, Iterable<KeyOp> ops,
            PublicKey publicKey, byte[] encodedKey) {
        if (encodedKey == null || encodedKey.length == 0) {
            throw new IllegalArgumentException("the key to import is empty");
        }
        TransportKeyAttestation.Verified node = verify(recipient);
        byte[] aesKey = new byte[AES_KEY_BYTES];
        RANDOM.nextBytes(aesKey);
        try {
            Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
            oaep.init(Cipher.ENCRYPT_MODE, node.key(), OAEP_SHA1, RANDOM);
            byte[] wrappedAesKey = oaep.doFinal(aesKey);
            Cipher kwp = Cipher.getInstance("AES/KWP/NoPadding");
            kwp.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"));
            byte[] wrappedKey = kwp.doFinal(encodedKey);
            return ImportKeyRequest.newBuilder().setKeyId(keyId).setSpec(spec).addAllOps(ops)
                    .setPublicKey(publicKey == null ? PublicKey.getDefaultInstance() : publicKey)
                    .setTransportKeySha256(ByteString.copyFrom(
                            TransportKeyAttestation.fingerprint(recipient.getPublicKey().toByteArray())))
                    .setWrappedAesKey(ByteString.copyFrom(wrappedAesKey))
                    .setWrappedKey(ByteString.copyFrom(wrappedKey)).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot wrap the key for " + node.node().uri() + ": " + e.getMessage(), e);
        } finally {
            // SecretKeySpec copies the key and cannot be destroyed on JDK 17; our copy at least goes
            Arrays.fill(aesKey, (byte) 0);
        }
    }

    /**
     * Like {@link #request(TransportKey, String, KeySpec, Iterable, PublicKey, byte[])}, for the node
     * the caller is talking to: the attestation must name exactly {@code node}, so that a node cannot
     * hand out another node's transport key (or one it had certified for itself under another name).
     */
    public static ImportKeyRequest request(TransportKey recipient, org.hsmpool.nodeapi.pki.PoolIdentity node,
            String keyId, KeySpec spec, Iterable<KeyOp> ops, PublicKey publicKey, byte[] encodedKey) {
        TransportKeyAttestation.Verified attested = verify(recipient);
        if (!attested.node().equals(node)) {
            throw new IllegalArgumentException("the transport key is attested by " + attested.node().uri()
                    + ", not by " + node.uri() + ", the node called");
        }
        return request(recipient, keyId, spec, ops, publicKey, encodedKey);
    }

    private static TransportKeyAttestation.Verified verify(TransportKey recipient) {
        if (recipient == null || recipient.getCertificateChainCount() == 0) {
            throw new IllegalArgumentException("the recipient's transport key carries no certificate");
        }
        if (recipient.getPurpose() != TransportKeyPurpose.CLIENT_KEY_IMPORT) {
            throw new IllegalArgumentException("the recipient's transport key is for " + recipient.getPurpose()
                    + ", not for CLIENT_KEY_IMPORT: a client's key is wrapped only to a node's import key");
        }
        try {
            X509Certificate signer = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(recipient.getCertificateChain(0).toByteArray()));
            return TransportKeyAttestation.verify(signer, TransportKeyAttestation.Purpose.CLIENT_KEY_IMPORT,
                    recipient.getPublicKey().toByteArray(),
                    recipient.getSignature().toByteArray(), recipient.getSignatureAlgorithm());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the recipient's transport key is not attested by a node: "
                    + e.getMessage(), e);
        }
    }
}
