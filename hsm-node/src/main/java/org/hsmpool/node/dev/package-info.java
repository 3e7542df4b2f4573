/**
 * Development tokens: a SoftHSM2 token directory with its own {@code softhsm2.conf}, created on
 * demand, so that every node process can get a private token through {@code SOFTHSM2_CONF}.
 * Used by the local runner and the tests; production nodes point at a real PKCS#11 library.
 */
package org.hsmpool.node.dev;
