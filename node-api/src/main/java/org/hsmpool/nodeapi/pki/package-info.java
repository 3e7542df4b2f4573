/**
 * The pool's own PKI: a CA created at provisioning issues one certificate per node and one for
 * the manager. Who a certificate belongs to is read from its URI subject alternative name
 * {@code urn:hsmpool:<role>:<name>} ({@link org.hsmpool.nodeapi.pki.PoolIdentity}).
 */
package org.hsmpool.nodeapi.pki;
