package org.hsmpool.node.token;

/**
 * What a key object may be used for. Each maps to one PKCS#11 usage attribute on the half of the
 * key that performs it: SIGN, DECRYPT, UNWRAP on the private or secret half; VERIFY, ENCRYPT,
 * WRAP on the public or secret half. Nothing not asked for is granted.
 */
public enum KeyUsage {
    SIGN, VERIFY, ENCRYPT, DECRYPT, WRAP, UNWRAP
}
