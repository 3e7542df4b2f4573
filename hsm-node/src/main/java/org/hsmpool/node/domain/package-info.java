/**
 * The pool's domain keys in this node's token and how key material travels: the pool wrap key W
 * and pool MAC key H ({@link org.hsmpool.node.domain.DomainKeys}), the node's transport key pair
 * and the attestation of a peer's transport key ({@link org.hsmpool.node.domain.TransportKeys}),
 * application key versions sealed under W and H ({@link org.hsmpool.node.domain.SealedKeys}), and
 * the security-domain steps that alone handle the master S: create and restore
 * ({@link org.hsmpool.node.domain.SecurityDomainSteps}) with the node's transfer key
 * ({@link org.hsmpool.node.domain.TransferKeys}), on top of the {@code security-domain} library.
 */
package org.hsmpool.node.domain;
