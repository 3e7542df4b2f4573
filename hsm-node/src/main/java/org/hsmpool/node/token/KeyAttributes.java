package org.hsmpool.node.token;

/**
 * What the token says about a key's secret half (private or secret key object), as PKCS#11
 * attributes: the facts a key attestation states. {@code local} is CKA_LOCAL (generated in this
 * token, not unwrapped or imported into it).
 */
public record KeyAttributes(boolean sensitive, boolean alwaysSensitive, boolean extractable, boolean neverExtractable,
        boolean local, boolean privateObject, boolean tokenObject) {
}
