package org.hsmpool.nodeapi.pki;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * A statement signed by a node's pool-CA TLS identity key over {@code context || data}, and its
 * check: the signer's chain must lead (PKIX) to the pool CA and name a node
 * ({@code urn:hsmpool:node:<name>}). A manager holds a manager certificate, so it cannot make one:
 * this is what lets a node trust what another node sent through the manager (domain key bundles,
 * attestations).
 */
public final class NodeSignature {
    private NodeSignature() {
    }

    public static byte[] sign(PrivateKey identityKey, byte[] context, byte[] data) throws GeneralSecurityException {
        Signature s = Signature.getInstance(TransportKeyAttestation.algorithmFor(identityKey));
        s.initSign(identityKey);
        s.update(context);
        s.update(data);
        return s.sign();
    }

    /**
     * The node whose certificate ({@code chain}'s first) signed {@code context || data}.
     *
     * @throws GeneralSecurityException saying what did not hold
     */
    public static PoolIdentity verifyNode(List<X509Certificate> chain, List<X509Certificate> poolCa, String algorithm,
            byte[] context, byte[] data, byte[] signature) throws GeneralSecurityException {
        return verifyNode(chain, poolCa, algorithm, context, data, signature, null);
    }

    /**
     * As above, with the certificates' validity checked at {@code at} (null: now): for statements
     * kept long after they were made, such as audit seals, whose signer's certificate has since
     * expired or been rotated.
     */
    public static PoolIdentity verifyNode(List<X509Certificate> chain, List<X509Certificate> poolCa, String algorithm,
            byte[] context, byte[] data, byte[] signature, java.util.Date at) throws GeneralSecurityException {
        if (chain.isEmpty()) {
            throw new SignatureException("the statement carries no certificate");
        }
        X509Certificate signer = chain.get(0);
        try {
            TlsMaterial.checkIssuedBy(chain, poolCa, at);
        } catch (GeneralSecurityException e) {
            throw new SignatureException("the signing certificate " + signer.getSubjectX500Principal().getName()
                    + " was not issued by the pool CA (" + e.getMessage() + ")", e);
        }
        PoolIdentity who = PoolIdentity.of(signer)
                .orElseThrow(() -> new SignatureException("the signing certificate names no pool identity"));
        if (who.role() != PoolIdentity.Role.NODE) {
            throw new SignatureException("signed by " + who.uri() + ", not by a node");
        }
        if (!algorithm.equals("SHA256withECDSA") && !algorithm.equals("SHA256withRSA")) {
            throw new SignatureException("unknown signature algorithm " + algorithm);
        }
        if (!TransportKeyAttestation.verifies(algorithm, signer, context, data, signature)) {
            throw new SignatureException("the signature does not verify with " + who.uri() + "'s certificate");
        }
        return who;
    }

    /** X.509 certificates from their DER encodings. */
    public static List<X509Certificate> certificates(List<byte[]> der) throws GeneralSecurityException {
        CertificateFactory f = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (byte[] c : der) {
            out.add((X509Certificate) f.generateCertificate(new ByteArrayInputStream(c)));
        }
        return out;
    }
}
