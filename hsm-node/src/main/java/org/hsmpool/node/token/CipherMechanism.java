package org.hsmpool.node.token;

/** Encryption mechanisms, with their parameters. */
public sealed interface CipherMechanism {
    /** CKM_RSA_PKCS (PKCS#1 v1.5 encryption, RSA1_5). */
    record RsaPkcs1() implements CipherMechanism {
    }

    /** CKM_RSA_PKCS_OAEP with SHA-1 and MGF1-SHA-1, no label: the only OAEP SoftHSM2 offers. */
    record RsaOaepSha1() implements CipherMechanism {
    }

    /** CKM_RSA_X_509: raw RSA, for paddings the token lacks (OAEP with SHA-256). */
    record RsaRaw() implements CipherMechanism {
    }

    /** CKM_AES_GCM with a 128-bit tag; the output of encryption is ciphertext||tag. */
    record AesGcm(byte[] iv, byte[] aad) implements CipherMechanism {
        public AesGcm {
            iv = iv.clone();
            aad = aad == null ? new byte[0] : aad.clone();
        }
    }

    /** CKM_AES_CBC without padding: input a multiple of 16 bytes. */
    record AesCbc(byte[] iv) implements CipherMechanism {
        public AesCbc {
            iv = iv.clone();
        }
    }

    /** CKM_AES_CBC_PAD (PKCS#7 padding). */
    record AesCbcPad(byte[] iv) implements CipherMechanism {
        public AesCbcPad {
            iv = iv.clone();
        }
    }
}
