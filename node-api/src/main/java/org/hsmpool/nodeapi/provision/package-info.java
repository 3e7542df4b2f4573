/**
 * What provisioning a pool needs besides its PKI: development tokens
 * ({@link org.hsmpool.nodeapi.provision.SoftHsmDirectory}, a SoftHSM2 configuration and token
 * directory per node, whose tokens are initialised with the PINs typed on a pseudo-terminal, never
 * passed in argv or the environment: {@code TokenInitialisation}) and files only their owner may
 * read ({@link org.hsmpool.nodeapi.provision.OwnerOnly}). Used by the node's development mode,
 * {@code hsmpool up}, the manager's store and audit log, and the tests.
 */
package org.hsmpool.nodeapi.provision;
