package org.hsmpool.node.token;

import java.util.HexFormat;

/** The elliptic curves a managed HSM offers, with the DER of their OID (CKA_EC_PARAMS). */
public enum Curve {
    P_256("06082a8648ce3d030107", 32, "secp256r1"),
    P_384("06052b81040022", 48, "secp384r1"),
    P_521("06052b81040023", 66, "secp521r1"),
    P_256K("06052b8104000a", 32, "secp256k1");

    private final byte[] oidDer;
    private final int fieldBytes;
    private final String stdName;

    Curve(String oidDerHex, int fieldBytes, String stdName) {
        this.oidDer = HexFormat.of().parseHex(oidDerHex);
        this.fieldBytes = fieldBytes;
        this.stdName = stdName;
    }

    public byte[] oidDer() {
        return oidDer.clone();
    }

    /** Length of one coordinate and of r or s in a signature. */
    public int fieldBytes() {
        return fieldBytes;
    }

    /** The SEC 2 name, as JCA and Bouncy Castle call the curve. */
    public String stdName() {
        return stdName;
    }

    static Curve fromOidDer(byte[] der) {
        for (Curve c : values()) {
            if (java.util.Arrays.equals(c.oidDer, der)) {
                return c;
            }
        }
        return null;
    }
}
