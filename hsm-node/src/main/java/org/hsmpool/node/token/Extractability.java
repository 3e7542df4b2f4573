package org.hsmpool.node.token;

/** Whether the secret half of a key may ever leave the token. It is always CKA_SENSITIVE. */
public enum Extractability {
    /** CKA_EXTRACTABLE false: the key never leaves this token (transport keys). */
    NEVER,
    /** CKA_EXTRACTABLE true with CKA_SENSITIVE: the key leaves only wrapped under another key. */
    WRAPPED_ONLY
}
