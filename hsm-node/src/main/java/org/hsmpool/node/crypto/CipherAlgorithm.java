package org.hsmpool.node.crypto;

/** The JWA encryption and key-wrap algorithms of Key Vault. */
public enum CipherAlgorithm {
    RSA1_5(Family.RSA, 0), RSA_OAEP(Family.RSA, 0), RSA_OAEP_256(Family.RSA, 0),
    A128GCM(Family.AES_GCM, 128), A192GCM(Family.AES_GCM, 192), A256GCM(Family.AES_GCM, 256),
    A128CBC(Family.AES_CBC, 128), A192CBC(Family.AES_CBC, 192), A256CBC(Family.AES_CBC, 256),
    A128CBCPAD(Family.AES_CBC_PAD, 128), A192CBCPAD(Family.AES_CBC_PAD, 192), A256CBCPAD(Family.AES_CBC_PAD, 256),
    A128KW(Family.AES_KW, 128), A192KW(Family.AES_KW, 192), A256KW(Family.AES_KW, 256);

    public enum Family {
        RSA, AES_GCM, AES_CBC, AES_CBC_PAD, AES_KW
    }

    private final Family family;
    private final int aesBits;

    CipherAlgorithm(Family family, int aesBits) {
        this.family = family;
        this.aesBits = aesBits;
    }

    public Family family() {
        return family;
    }

    /** The AES key size the algorithm requires; 0 for RSA algorithms. */
    public int aesBits() {
        return aesBits;
    }

    /** The name on the wire, e.g. {@code RSA-OAEP-256}. */
    public String jwaName() {
        return name().replace('_', '-').replace("RSA1-5", "RSA1_5");
    }
}
