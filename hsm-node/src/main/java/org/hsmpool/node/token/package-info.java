/**
 * The PKCS#11 seam. {@link org.hsmpool.node.token.Token} is the only way into the token; its one
 * implementation, {@code Pkcs11Token}, is the only class of the node that touches PKCS#11 types
 * (the JDK's {@code sun.security.pkcs11.wrapper}). It owns the session pool, login and the handle
 * cache. Everything here speaks in the node's own terms: {@link org.hsmpool.node.token.ObjectId},
 * {@link org.hsmpool.node.token.KeySpec}, mechanisms as values, {@link org.hsmpool.node.token.TokenException}
 * carrying the CKR name.
 */
package org.hsmpool.node.token;
