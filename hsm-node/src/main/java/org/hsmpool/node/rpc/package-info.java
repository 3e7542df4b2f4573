/**
 * The gRPC face of the node: {@link org.hsmpool.node.rpc.HsmNodeService} maps the contract of
 * {@code hsm_node.proto} to the crypto and domain packages and their failures to typed
 * {@code NodeError}s, nothing more. {@link org.hsmpool.node.rpc.CallerCheck} admits only calls that
 * carry a deadline and come from the pool manager's certificate.
 */
package org.hsmpool.node.rpc;
