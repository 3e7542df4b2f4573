package org.hsmpool.node.token;

import static sun.security.pkcs11.wrapper.PKCS11Constants.*;

import sun.security.pkcs11.wrapper.CK_GCM_PARAMS;
import sun.security.pkcs11.wrapper.CK_MECHANISM;
import sun.security.pkcs11.wrapper.CK_RSA_PKCS_OAEP_PARAMS;
import sun.security.pkcs11.wrapper.CK_RSA_PKCS_PSS_PARAMS;

/** Translation of the node's mechanism values into CK_MECHANISM structures. */
final class Mechanisms {
    private static final int GCM_TAG_BITS = 128;

    private Mechanisms() {
    }

    static CK_MECHANISM of(SignMechanism m) {
        if (m instanceof SignMechanism.RsaPkcs1) {
            return new CK_MECHANISM(CKM_RSA_PKCS);
        }
        if (m instanceof SignMechanism.RsaPss pss) {
            CK_MECHANISM mech = new CK_MECHANISM(CKM_RSA_PKCS_PSS);
            String hash = pss.hash().jcaName();
            mech.setParameter(new CK_RSA_PKCS_PSS_PARAMS(hash, "MGF1", hash, pss.hash().length()));
            return mech;
        }
        if (m instanceof SignMechanism.Ecdsa) {
            return new CK_MECHANISM(CKM_ECDSA);
        }
        return new CK_MECHANISM(CKM_SHA256_HMAC);
    }

    static CK_MECHANISM of(CipherMechanism m) {
        if (m instanceof CipherMechanism.RsaPkcs1) {
            return new CK_MECHANISM(CKM_RSA_PKCS);
        }
        if (m instanceof CipherMechanism.RsaOaepSha1) {
            return oaepSha1();
        }
        if (m instanceof CipherMechanism.RsaRaw) {
            return new CK_MECHANISM(CKM_RSA_X_509);
        }
        if (m instanceof CipherMechanism.AesGcm gcm) {
            return new CK_MECHANISM(CKM_AES_GCM, new CK_GCM_PARAMS(GCM_TAG_BITS, gcm.iv(), gcm.aad()));
        }
        if (m instanceof CipherMechanism.AesCbc cbc) {
            return new CK_MECHANISM(CKM_AES_CBC, cbc.iv());
        }
        return new CK_MECHANISM(CKM_AES_CBC_PAD, ((CipherMechanism.AesCbcPad) m).iv());
    }

    static CK_MECHANISM of(WrapMechanism m) {
        switch (m) {
            case AES_KEY_WRAP:
                return new CK_MECHANISM(CKM_AES_KEY_WRAP);
            case AES_KEY_WRAP_PAD:
                return new CK_MECHANISM(CKM_AES_KEY_WRAP_PAD);
            default:
                return oaepSha1();
        }
    }

    private static CK_MECHANISM oaepSha1() {
        return oaepSha1(null);
    }

    /**
     * RSA-OAEP with SHA-1 and MGF1-SHA-1, the only OAEP SoftHSM2 offers, with an OAEP label, or none
     * when {@code label} is null. SoftHSM2 2.6.1 refuses any label (CKR_ARGUMENTS_BAD, OaepLabelTest):
     * the node keeps purposes apart by keys instead (TransportKeys).
     */
    static CK_MECHANISM oaepSha1(byte[] label) {
        CK_RSA_PKCS_OAEP_PARAMS params = new CK_RSA_PKCS_OAEP_PARAMS();
        params.hashAlg = CKM_SHA_1;
        params.mgf = CKG_MGF1_SHA1;
        params.source = CKZ_DATA_SPECIFIED;
        params.pSourceData = label;
        CK_MECHANISM mech = new CK_MECHANISM(CKM_RSA_PKCS_OAEP);
        mech.pParameter = params;
        return mech;
    }

    /** Room for the output of an encryption. */
    static int outputBound(CipherMechanism m, int inputLength, int modulusBytes) {
        if (modulusBytes > 0) {
            return modulusBytes;
        }
        return inputLength + 32;
    }

    /**
     * JDK 17 keeps native GCM parameters alive in the CK_MECHANISM until freeHandle; later JDKs
     * removed that method and free them themselves.
     */
    static void free(CK_MECHANISM m) {
        try {
            m.freeHandle();
        } catch (NoSuchMethodError laterJdk) {
            // nothing to free on this JDK
        }
    }
}
