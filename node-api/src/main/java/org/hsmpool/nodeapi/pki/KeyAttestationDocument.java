package org.hsmpool.nodeapi.pki;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A node's evidence about one key version (issue 20; docs/security-model.md "Key attestation"): a
 * statement (JSON: key id and type, the JWK thumbprint of its public key, its PKCS#11 protection
 * attributes, domain, node and token) signed with ECDSA P-256 by the node's attestation key, a key
 * generated in the token that never leaves it, whose public key the node's pool-CA identity endorses
 * ({@link NodeSignature} over {@value #ENDORSEMENT} || SubjectPublicKeyInfo). A verifier needs only
 * the pool CA and the node's certificate chain (Key Vault's {@code certificatePemFile}).
 *
 * <p>Wire form ({@code privateKeyAttestation}): UTF-8 JSON
 * {@code {"format":"hsmpool-key-attestation","version":1,"statement":"<b64url>","signature":"<b64url, r||s>",
 * "attestation_key":"<b64url SPKI>","endorsement":{"alg":"...","sig":"<b64url>"}}}.
 */
public record KeyAttestationDocument(byte[] statement, byte[] signature, byte[] attestationKey,
        String endorsementAlgorithm, byte[] endorsement) {
    public static final String FORMAT = "hsmpool-key-attestation";
    public static final String ENDORSEMENT = "hsmpool key attestation key v1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    /** A verified document: the node that made it and its statement. */
    public record Verified(PoolIdentity node, JsonNode statement) {
    }

    /** The node identity's endorsement of an attestation public key. */
    public static byte[] endorse(PrivateKey identityKey, byte[] attestationKeySpki) throws GeneralSecurityException {
        return NodeSignature.sign(identityKey, ENDORSEMENT.getBytes(StandardCharsets.US_ASCII), attestationKeySpki);
    }

    public byte[] toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("version", 1);
        m.put("statement", B64.encodeToString(statement));
        m.put("signature", B64.encodeToString(signature));
        m.put("attestation_key", B64.encodeToString(attestationKey));
        m.put("endorsement", Map.of("alg", endorsementAlgorithm, "sig", B64.encodeToString(endorsement)));
        try {
            return JSON.writeValueAsBytes(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyAttestationDocument parse(byte[] json) throws SignatureException {
        try {
            JsonNode n = JSON.readTree(json);
            if (n == null || !FORMAT.equals(n.path("format").asText()) || n.path("version").asInt() != 1) {
                throw new SignatureException("not an " + FORMAT + " document of version 1");
            }
            return new KeyAttestationDocument(bytes(n, "statement"), bytes(n, "signature"), bytes(n, "attestation_key"),
                    n.path("endorsement").path("alg").asText(), bytes(n.path("endorsement"), "sig"));
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new SignatureException("the key attestation is not well-formed JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Checks the chain of trust: {@code nodeChain} leads to {@code poolCa} and names a node, that
     * node endorsed the attestation key, and the attestation key signed the statement.
     */
    public Verified verify(List<X509Certificate> nodeChain, List<X509Certificate> poolCa)
            throws GeneralSecurityException {
        PoolIdentity node = NodeSignature.verifyNode(nodeChain, poolCa, endorsementAlgorithm,
                ENDORSEMENT.getBytes(StandardCharsets.US_ASCII), attestationKey, endorsement);
        PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(attestationKey));
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initVerify(key);
        s.update(statement);
        if (!s.verify(signature)) {
            throw new SignatureException("the statement's signature does not verify with the attestation key that "
                    + node.uri() + " endorsed");
        }
        try {
            return new Verified(node, JSON.readTree(statement));
        } catch (java.io.IOException e) {
            throw new SignatureException("the signed statement is not JSON", e);
        }
    }

    private static byte[] bytes(JsonNode n, String member) {
        if (!n.path(member).isTextual()) {
            throw new IllegalArgumentException("member " + member + " is missing");
        }
        return B64D.decode(n.path(member).asText());
    }
}
