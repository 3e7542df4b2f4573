/**
 * What provisioning a pool needs besides its PKI: development tokens
 * ({@link org.hsmpool.nodeapi.provision.SoftHsmDirectory}, a SoftHSM2 configuration and token
 * directory per node). Used by the node's development mode, {@code hsmpool up} and the tests.
 */
package org.hsmpool.nodeapi.provision;
