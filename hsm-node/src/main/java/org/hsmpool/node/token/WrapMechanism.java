package org.hsmpool.node.token;

/** Key-wrapping mechanisms. */
public enum WrapMechanism {
    /** CKM_AES_KEY_WRAP (RFC 3394); input a multiple of 8 bytes. */
    AES_KEY_WRAP,
    /** CKM_AES_KEY_WRAP_PAD (RFC 5649): how key versions travel under the pool wrap key. */
    AES_KEY_WRAP_PAD,
    /** CKM_RSA_PKCS_OAEP with SHA-1: how domain keys travel to a peer's transport key. */
    RSA_OAEP_SHA1
}
