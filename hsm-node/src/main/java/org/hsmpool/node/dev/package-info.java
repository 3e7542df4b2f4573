/**
 * Development mode: {@link org.hsmpool.node.dev.DevNode} starts one node on a SoftHSM2 token of its
 * own (made with {@code org.hsmpool.nodeapi.provision.SoftHsmDirectory}). Production nodes point
 * at a real PKCS#11 library.
 */
package org.hsmpool.node.dev;
