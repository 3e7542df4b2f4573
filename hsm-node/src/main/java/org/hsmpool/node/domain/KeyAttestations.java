package org.hsmpool.node.domain;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.hsmpool.node.crypto.NodeException;
import org.hsmpool.node.token.Curve;
import org.hsmpool.node.token.Extractability;
import org.hsmpool.node.token.KeyAttributes;
import org.hsmpool.node.token.KeySpec;
import org.hsmpool.node.token.KeyUsage;
import org.hsmpool.node.token.ObjectId;
import org.hsmpool.node.token.PublicKeyMaterial;
import org.hsmpool.node.token.SignMechanism;
import org.hsmpool.node.token.StoredKey;
import org.hsmpool.node.token.Token;
import org.hsmpool.node.token.TokenInfo;
import org.hsmpool.nodeapi.pki.JwkThumbprint;
import org.hsmpool.nodeapi.pki.KeyAttestationDocument;
import org.hsmpool.nodeapi.pki.TransportKeyAttestation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Key attestation (issue 20): a statement of what this token says about a key version (its
 * PKCS#11 protection attributes, type, public key thumbprint, whether it was generated here), signed
 * in the token by the node's attestation key (EC P-256, never extractable, made on first use), whose
 * public key the node's pool-CA identity endorses. The format is {@link KeyAttestationDocument}.
 */
public final class KeyAttestations {
    static final ObjectId ATTESTATION_KEY = ObjectId.of("hsmpool.attestation-key");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Token token;
    private final DomainKeys domain;
    private final MlDsaKeys mlDsa;
    private final Supplier<NodeIdentity> identity;
    private final String nodeName;
    private byte[] attestationKeySpki;
    private NodeIdentity endorsedBy;
    private byte[] endorsement;

    /** The document and the chain of the node certificate that endorsed its attestation key. */
    public record Evidence(byte[] document, List<byte[]> certificateChain) {
    }

    public KeyAttestations(Token token, DomainKeys domain, MlDsaKeys mlDsa, Supplier<NodeIdentity> identity,
            String nodeName) {
        this.mlDsa = mlDsa;
        this.token = token;
        this.domain = domain;
        this.identity = identity;
        this.nodeName = nodeName;
    }

    /** Evidence about the application key version {@code id}; KEY_NOT_FOUND when this token lacks it. */
    public synchronized Evidence attest(ObjectId id) {
        var nodeHeld = mlDsa.find(id);
        StoredKey key = nodeHeld.isPresent() ? nodeHeld.get().key() : token.find(id)
                .orElseThrow(() -> new NodeException(NodeException.Reason.KEY_NOT_FOUND, "no key '" + id + "' here"));
        KeyAttributes attributes = nodeHeld.isPresent() ? null : token.attributes(id);
        NodeIdentity me = identity.get();
        try {
            endorseOwnKey(me);
            byte[] statement = JSON.writeValueAsBytes(statement(key, attributes));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(statement);
            byte[] signature = token.sign(ATTESTATION_KEY, new SignMechanism.Ecdsa(), digest);
            List<byte[]> chain = new ArrayList<>();
            for (X509Certificate c : me.chain()) {
                chain.add(c.getEncoded());
            }
            return new Evidence(new KeyAttestationDocument(statement, signature, attestationKeySpki,
                    TransportKeyAttestation.algorithmFor(me.key()), endorsement).toJson(), chain);
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new NodeException(NodeException.Reason.TOKEN_ERROR, "cannot attest key '" + id + "': "
                    + e.getMessage());
        }
    }

    private Map<String, Object> statement(StoredKey key, KeyAttributes a) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("format", "hsmpool-key-attestation-statement");
        s.put("version", 1);
        s.put("key_id", key.id().value());
        describe(s, key);
        if (a == null) {
            nodeHeld(s, key);
        } else {
            tokenHeld(s, key, a);
        }
        s.put("domain_id", domain.domainId().map(HexFormat.of()::formatHex).orElse(null));
        s.put("node", nodeName);
        TokenInfo t = token.info();
        s.put("token", Map.of("label", t.label(), "serial", t.serial(), "manufacturer", t.manufacturer(),
                "model", t.model()));
        s.put("attested_at", Instant.now().toString());
        return s;
    }

    /**
     * An ML-DSA key the node process holds: no token attributes to report, since the key is no token
     * object; the statement says where it is instead (docs/security-model.md, "ML-DSA keys").
     */
    private static void nodeHeld(Map<String, Object> s, StoredKey key) {
        s.put("usages", key.usages().stream().map(Enum::name).sorted().toList());
        s.put("token_attributes", null);
        s.put("origin", "generated in an hsm-node process of this domain from the token's RNG, or imported by a "
                + "client; unwrapped into this node from its sealed form");
        s.put("export", "only sealed: the 32-byte seed wrapped under the pool wrap key W of the domain "
                + "(CKM_AES_KEY_WRAP_PAD, in the token), MACed with the pool MAC key; never in plaintext");
        s.put("protection", "software");
        s.put("held_in", "hsm-node process: sealed at rest (a private token data object and the pool's store), "
                + "the seed opened in the node process for each signature and wiped after");
    }

    private static void tokenHeld(Map<String, Object> s, StoredKey key, KeyAttributes a) {
        s.put("token_usages", key.usages().stream().map(Enum::name).sorted().toList());
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("CKA_TOKEN", a.tokenObject());
        attributes.put("CKA_PRIVATE", a.privateObject());
        attributes.put("CKA_SENSITIVE", a.sensitive());
        attributes.put("CKA_ALWAYS_SENSITIVE", a.alwaysSensitive());
        attributes.put("CKA_EXTRACTABLE", a.extractable());
        attributes.put("CKA_NEVER_EXTRACTABLE", a.neverExtractable());
        attributes.put("CKA_LOCAL", a.local());
        s.put("token_attributes", attributes);
        s.put("origin", a.local() ? "generated in this token" : "unwrapped into this token from its sealed form");
        s.put("export", a.extractable() ? "only wrapped under the pool wrap key W of the domain (CKM_AES_KEY_WRAP_PAD), "
                + "sealed with the pool MAC key; never in plaintext" : "never");
        s.put("protection", "hsm");
        s.put("held_in", "token");
    }

    private static void describe(Map<String, Object> s, StoredKey key) {
        if (key.spec() instanceof KeySpec.Rsa rsa) {
            s.put("kty", "RSA");
            s.put("key_size", rsa.bits());
        } else if (key.spec() instanceof KeySpec.Ec ec) {
            s.put("kty", "EC");
            s.put("crv", ec.curve().name().replace('_', '-'));
        } else if (key.spec() instanceof KeySpec.Aes aes) {
            s.put("kty", "oct");
            s.put("key_size", aes.bits());
        } else if (key.spec() instanceof KeySpec.MlDsa m) {
            s.put("kty", "AKP");
            s.put("alg", m.toString());
        } else if (key.spec() instanceof KeySpec.HmacSecret h) {
            s.put("kty", "oct-hmac");
            s.put("key_size", h.bits());
        }
        if (key.publicKey() instanceof PublicKeyMaterial.Rsa rsa) {
            s.put("public_key_thumbprint", JwkThumbprint.rsa(rsa.modulus(), rsa.publicExponent()));
        } else if (key.publicKey() instanceof PublicKeyMaterial.Ec ec) {
            s.put("public_key_thumbprint", JwkThumbprint.ec(ec.curve().name().replace('_', '-'), ec.x(), ec.y()));
        } else if (key.publicKey() instanceof PublicKeyMaterial.MlDsa m) {
            s.put("public_key_thumbprint", JwkThumbprint.akp(key.spec().toString(), m.encoded()));
        }
    }

    /** The attestation key, made on first use, endorsed again after a certificate rotation. */
    private void endorseOwnKey(NodeIdentity me) throws GeneralSecurityException {
        if (attestationKeySpki == null) {
            StoredKey own = token.find(ATTESTATION_KEY).orElseGet(() -> token.generate(
                    ATTESTATION_KEY, new KeySpec.Ec(Curve.P_256), EnumSet.of(KeyUsage.SIGN), Extractability.NEVER));
            PublicKeyMaterial.Ec point = (PublicKeyMaterial.Ec) own.publicKey();
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec("secp256r1"));
            attestationKeySpki = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(
                    new BigInteger(1, point.x()), new BigInteger(1, point.y())), p.getParameterSpec(ECParameterSpec.class)))
                    .getEncoded();
        }
        if (endorsedBy != me) {
            endorsement = KeyAttestationDocument.endorse(me.key(), attestationKeySpki);
            endorsedBy = me;
        }
    }
}
