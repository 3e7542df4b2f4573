package org.hsmpool.nodeapi.pki;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * How the node that created a security domain vouches for the blob it returned: a signature with
 * its pool-CA identity key over {@code "hsmpool security domain activation v1" || SHA-256(blob JSON)},
 * with its certificate chain. The blob states the quorum and, per share, the administrator
 * certificate it is encrypted to, so an administrator who checks this against the pool CA
 * ({@code hsmpool sd inspect --pool-ca}) knows that a node of the pool, not a manager that could
 * have swapped certificates or the quorum on the way, split the domain exactly that way. The pool's
 * answer to {@code POST /securitydomain/download} carries it beside {@code value} as the member
 * {@value #MEMBER}, in the JSON form of {@link TransferKeyAttestation}.
 */
public record ActivationAttestation(List<X509Certificate> chain, String algorithm, byte[] signature) {
    public static final String MEMBER = "hsmpool_attestation";
    private static final byte[] CONTEXT = "hsmpool security domain activation v1".getBytes(StandardCharsets.US_ASCII);

    public ActivationAttestation {
        chain = List.copyOf(chain);
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    public static ActivationAttestation sign(PrivateKey identityKey, List<X509Certificate> identityChain, String blobJson)
            throws GeneralSecurityException {
        return new ActivationAttestation(identityChain, TransportKeyAttestation.algorithmFor(identityKey),
                NodeSignature.sign(identityKey, CONTEXT, sha256(blobJson)));
    }

    /** The node that created {@code blobJson} (exactly these bytes), checked against {@code poolCa}. */
    public PoolIdentity verify(String blobJson, List<X509Certificate> poolCa) throws GeneralSecurityException {
        try {
            return NodeSignature.verifyNode(chain, poolCa, algorithm, CONTEXT, sha256(blobJson), signature);
        } catch (SignatureException e) {
            throw new SignatureException("the activation attestation is not valid: " + e.getMessage()
                    + " (was the blob altered, or made outside this pool?)", e);
        }
    }

    /** The JSON member's value: the shape of {@link TransferKeyAttestation#toJson}. */
    public Map<String, Object> toJson() throws GeneralSecurityException {
        return new TransferKeyAttestation(chain, algorithm, signature).toJson();
    }

    public static ActivationAttestation fromJson(Object value) throws GeneralSecurityException {
        TransferKeyAttestation form = TransferKeyAttestation.fromJson(value);
        return new ActivationAttestation(form.chain(), form.algorithm(), form.signature());
    }

    private static byte[] sha256(String blobJson) throws GeneralSecurityException {
        return MessageDigest.getInstance("SHA-256").digest(blobJson.getBytes(StandardCharsets.UTF_8));
    }
}
