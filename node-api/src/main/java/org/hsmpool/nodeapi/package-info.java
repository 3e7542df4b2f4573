/**
 * The contract between pool-manager and hsm-node, beside the generated stubs of
 * {@code hsm_node.proto} (package {@code org.hsmpool.nodeapi.v1}): the typed node error carried in
 * call trailers ({@link org.hsmpool.nodeapi.NodeErrors}), the client channel with mutual TLS
 * and a deadline on every call ({@link org.hsmpool.nodeapi.NodeClient}), and the caller's wrapping of
 * a client's key for ImportKey ({@link org.hsmpool.nodeapi.KeyImports}).
 */
package org.hsmpool.nodeapi;
