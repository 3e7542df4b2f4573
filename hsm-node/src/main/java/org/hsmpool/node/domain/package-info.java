/**
 * The pool's domain keys in this node's token and how key material travels: the pool wrap key W
 * and pool MAC key H ({@link org.hsmpool.node.domain.DomainKeys}), the node's transport key pair
 * and the attestation of a peer's transport key ({@link org.hsmpool.node.domain.TransportKeys}),
 * and application key versions sealed under W and H ({@link org.hsmpool.node.domain.SealedKeys}).
 */
package org.hsmpool.node.domain;
