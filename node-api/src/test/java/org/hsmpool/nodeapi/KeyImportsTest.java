package org.hsmpool.nodeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.MGF1ParameterSpec;
import java.time.Duration;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

import org.hsmpool.nodeapi.pki.PoolCa;
import org.hsmpool.nodeapi.pki.PoolIdentity;
import org.hsmpool.nodeapi.pki.TransportKeyAttestation;
import org.hsmpool.nodeapi.v1.ImportKeyRequest;
import org.hsmpool.nodeapi.v1.KeyOp;
import org.hsmpool.nodeapi.v1.KeySpec;
import org.hsmpool.nodeapi.v1.KeyType;
import org.hsmpool.nodeapi.v1.TransportKey;
import org.hsmpool.nodeapi.v1.TransportKeyPurpose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

/** The caller's wrapping for ImportKey, opened again with the transport private key in software. */
class KeyImportsTest {
    private static final KeySpec AES_256 = KeySpec.newBuilder().setType(KeyType.OCT).setSize(256).build();
    private static PoolCa ca;
    private static KeyPair transport;

    @BeforeAll
    static void setUp() throws Exception {
        ca = PoolCa.create("import-test", Duration.ofDays(1));
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(3072);
        transport = g.generateKeyPair();
    }

    private static TransportKey attested(PoolIdentity signer, KeyPair key) throws Exception {
        return attested(signer, key, TransportKeyAttestation.Purpose.CLIENT_KEY_IMPORT);
    }

    private static TransportKey attested(PoolIdentity signer, KeyPair key, TransportKeyAttestation.Purpose purpose)
            throws Exception {
        PoolCa.Issued issued = ca.issue(signer, List.of("localhost"), Duration.ofDays(1));
        byte[] spki = key.getPublic().getEncoded();
        return TransportKey.newBuilder().setPublicKey(ByteString.copyFrom(spki))
                .addCertificateChain(ByteString.copyFrom(issued.certificate().getEncoded()))
                .setSignature(ByteString.copyFrom(TransportKeyAttestation.sign(issued.key(), purpose, spki)))
                .setSignatureAlgorithm(TransportKeyAttestation.algorithmFor(issued.key()))
                .setPurpose(TransportKeyPurpose.valueOf(purpose.name())).build();
    }

    @Test
    void theKeyOpensWithTheTransportPrivateKeyAndRfc5649() throws Exception {
        TransportKey recipient = attested(PoolIdentity.node("node-1"), transport);
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) 0x5a);
        ImportKeyRequest r = KeyImports.request(recipient, "ab".repeat(16), AES_256,
                List.of(KeyOp.ENCRYPT, KeyOp.DECRYPT), null, key);

        assertThat(r.getKeyId()).isEqualTo("ab".repeat(16));
        assertThat(r.getSpec()).isEqualTo(AES_256);
        assertThat(r.getOpsList()).containsExactly(KeyOp.ENCRYPT, KeyOp.DECRYPT);
        assertThat(r.hasPublicKey()).isTrue();
        assertThat(r.getPublicKey().getN().isEmpty()).isTrue();
        assertThat(r.getTransportKeySha256().toByteArray())
                .isEqualTo(TransportKeyAttestation.fingerprint(transport.getPublic().getEncoded())).hasSize(32);
        assertThat(r.getWrappedAesKey().size()).isEqualTo(384);

        Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
        oaep.init(Cipher.DECRYPT_MODE, transport.getPrivate(), new OAEPParameterSpec("SHA-1", "MGF1",
                MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT));
        byte[] aes = oaep.doFinal(r.getWrappedAesKey().toByteArray());
        assertThat(aes).hasSize(32);
        Cipher kwp = Cipher.getInstance("AES/KWP/NoPadding");
        kwp.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aes, "AES"));
        assertThat(kwp.doFinal(r.getWrappedKey().toByteArray())).isEqualTo(key);
        assertThat(key).as("the caller's key is the caller's to zero").containsOnly((byte) 0x5a);

        ImportKeyRequest again = KeyImports.request(recipient, "ab".repeat(16), AES_256, List.of(KeyOp.ENCRYPT),
                null, key);
        assertThat(again.getWrappedAesKey()).as("a fresh AES key every time").isNotEqualTo(r.getWrappedAesKey());
    }

    @Test
    void aTransportKeyThatIsNotAttestedByANodeIsRefused() throws Exception {
        TransportKey genuine = attested(PoolIdentity.node("node-1"), transport);
        KeyPair other = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        TransportKey swapped = genuine.toBuilder().setPublicKey(ByteString.copyFrom(other.getPublic().getEncoded()))
                .build();
        assertRefused(swapped, "signature does not verify");
        assertRefused(genuine.toBuilder().clearCertificateChain().build(), "no certificate");
        assertRefused(attested(PoolIdentity.manager("manager"), transport), "not to a node");
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        assertRefused(attested(PoolIdentity.node("node-1"), g.generateKeyPair()), "shorter than 3072");
    }

    /**
     * Issue 14 item 4: a client's key is wrapped only to a node's client-key import key, never to its
     * transport key for domain bundles, whatever the message says its purpose is.
     */
    @Test
    void aTransportKeyForDomainBundlesIsNeverUsedForAClientKey() throws Exception {
        TransportKey bundleKey = attested(PoolIdentity.node("node-1"), transport,
                TransportKeyAttestation.Purpose.DOMAIN_BUNDLE);
        assertRefused(bundleKey, "is for DOMAIN_BUNDLE, not for CLIENT_KEY_IMPORT");
        assertRefused(bundleKey.toBuilder().setPurpose(TransportKeyPurpose.CLIENT_KEY_IMPORT).build(),
                "does not verify with urn:hsmpool:node:node-1's certificate as a client-key-import key");
        assertRefused(attested(PoolIdentity.node("node-1"), transport).toBuilder().clearPurpose().build(),
                "is for TRANSPORT_KEY_PURPOSE_UNSPECIFIED");
    }

    @Test
    void aTransportKeyAttestedByAnotherNodeThanTheOneCalledIsRefused() throws Exception {
        TransportKey byNode2 = attested(PoolIdentity.node("node-2"), transport);
        assertThatThrownBy(() -> KeyImports.request(byNode2, PoolIdentity.node("node-1"), "ab".repeat(16), AES_256,
                List.of(KeyOp.ENCRYPT), null, new byte[32])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not by urn:hsmpool:node:node-1");
        assertThat(KeyImports.request(byNode2, PoolIdentity.node("node-2"), "ab".repeat(16), AES_256,
                List.of(KeyOp.ENCRYPT), null, new byte[32]).getWrappedKey().isEmpty()).isFalse();
    }

    @Test
    void anEmptyKeyIsRefused() throws Exception {
        TransportKey recipient = attested(PoolIdentity.node("node-1"), transport);
        assertThatThrownBy(() -> KeyImports.request(recipient, "ab".repeat(16), AES_256, List.of(KeyOp.ENCRYPT),
                null, new byte[0])).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    private static void assertRefused(TransportKey recipient, String message) {
        assertThatThrownBy(() -> KeyImports.request(recipient, "ab".repeat(16), AES_256, List.of(KeyOp.ENCRYPT),
                null, new byte[32])).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
