package org.hsmpool.node.testing;

import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;

import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * An ML-DSA verifier independent of the node's code: Bouncy Castle's JCA provider (the node uses its
 * low-level classes) with a SubjectPublicKeyInfo built here from the raw public key.
 */
public final class MlDsaSignatures {
    private MlDsaSignatures() {
    }

    public static boolean verifies(int parameterSet, byte[] pub, byte[] message, byte[] signature) throws Exception {
        var oid = switch (parameterSet) {
            case 44 -> NISTObjectIdentifiers.id_ml_dsa_44;
            case 65 -> NISTObjectIdentifiers.id_ml_dsa_65;
            default -> NISTObjectIdentifiers.id_ml_dsa_87;
        };
        byte[] spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(oid), pub).getEncoded();
        var key = KeyFactory.getInstance("ML-DSA", JcaKeys.BC).generatePublic(new X509EncodedKeySpec(spki));
        Signature v = Signature.getInstance("ML-DSA-" + parameterSet, JcaKeys.BC);
        v.initVerify(key);
        v.update(message);
        return v.verify(signature);
    }
}
