package org.hsmpool.nodeapi.pki;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SignatureException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a node vouches for its security-domain transfer key: a signature with the node's pool-CA TLS
 * identity key over {@code "hsmpool transfer key v1" || SHA-256(transfer key certificate)} (the
 * certificate's {@code x5t#S256}), with the node's certificate chain. An administrator checks it
 * against the pool CA before re-encrypting a share ({@code hsmpool sd share --pool-ca}): a manager
 * of the pool being restored cannot hand out a key of its own and collect the shares, since it holds
 * no node certificate. Travels in the transfer key JWK as the member {@value #JWK_MEMBER}:
 * {@code {"x5c":[base64 DER...],"alg":"SHA256withECDSA","sig":"<base64url>"}}.
 */
public record TransferKeyAttestation(List<X509Certificate> chain, String algorithm, byte[] signature) {
    public static final String JWK_MEMBER = "hsmpool_attestation";
    private static final byte[] CONTEXT = "hsmpool transfer key v1".getBytes(StandardCharsets.US_ASCII);

    public TransferKeyAttestation {
        chain = List.copyOf(chain);
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The attestation of the transfer key certificate {@code transferCertificateDer} by a node identity. */
    public static TransferKeyAttestation sign(PrivateKey identityKey, List<X509Certificate> identityChain,
            byte[] transferCertificateDer) throws GeneralSecurityException {
        return new TransferKeyAttestation(identityChain, TransportKeyAttestation.algorithmFor(identityKey),
                NodeSignature.sign(identityKey, CONTEXT, sha256(transferCertificateDer)));
    }

    /**
     * The node that attested {@code transferCertificateDer}: its certificate chains (PKIX) to one of
     * {@code poolCa}, names a node, and its key made the signature.
     *
     * @throws GeneralSecurityException saying what did not hold
     */
    public PoolIdentity verify(byte[] transferCertificateDer, List<X509Certificate> poolCa)
            throws GeneralSecurityException {
        try {
            return NodeSignature.verifyNode(chain, poolCa, algorithm, CONTEXT, sha256(transferCertificateDer), signature);
        } catch (SignatureException e) {
            throw new SignatureException("the transfer key attestation is not valid: " + e.getMessage()
                    + " (is the transfer key the one a node of this pool vouched for?)", e);
        }
    }

    /** The JSON member's value (see the class comment). */
    public Map<String, Object> toJson() throws GeneralSecurityException {
        List<String> x5c = new ArrayList<>();
        for (X509Certificate c : chain) {
            x5c.add(Base64.getEncoder().encodeToString(c.getEncoded()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("x5c", x5c);
        out.put("alg", algorithm);
        out.put("sig", Base64.getUrlEncoder().withoutPadding().encodeToString(signature));
        return out;
    }

    /** Reads the JSON member's value, as a JSON library parsed it. */
    public static TransferKeyAttestation fromJson(Object value) throws GeneralSecurityException {
        if (!(value instanceof Map<?, ?> m) || !(m.get("x5c") instanceof List<?> x5c) || !(m.get("alg") instanceof String alg)
                || !(m.get("sig") instanceof String sig)) {
            throw new SignatureException(JWK_MEMBER + " must be {\"x5c\":[...],\"alg\":\"...\",\"sig\":\"...\"}");
        }
        List<X509Certificate> chain = new ArrayList<>();
        CertificateFactory f = CertificateFactory.getInstance("X.509");
        try {
            for (Object c : x5c) {
                chain.add((X509Certificate) f.generateCertificate(new ByteArrayInputStream(
                        Base64.getDecoder().decode((String) c))));
            }
            return new TransferKeyAttestation(chain, alg, Base64.getUrlDecoder().decode(sig));
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new SignatureException(JWK_MEMBER + " holds a malformed certificate or signature", e);
        }
    }

    private static byte[] sha256(byte[] data) throws GeneralSecurityException {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
