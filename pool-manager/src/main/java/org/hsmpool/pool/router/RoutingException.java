package org.hsmpool.pool.router;

import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.nodeapi.v1.NodeError;

/**
 * The router's failure, the one error type of node calls in the manager: no node could take the
 * call ({@link Code#NO_NODE}), or a node answered with a typed refusal, read here once from the
 * contract's {@link NodeError} into a stable {@link Code}. {@link #detail()} is the node's message
 * (it names what was wrong with the request, never key material), {@link #ckr()} the PKCS#11 return
 * value of a token refusal. Each layer above maps the code once: {@code keys.KeyErrors} into the
 * keys layer's terms, {@code api.DomainErrors} to the wire for the edges that call nodes
 * themselves (the security domain). Replication throws it too: its pushes are router calls.
 */
public final class RoutingException extends RuntimeException {

    /** What went wrong with a node call. */
    public enum Code {
        /** No healthy node holds what the call needs: the client may retry. */
        NO_NODE,
        /** The node did not answer (transport, deadline) or is not serving: another node may. */
        NODE_UNAVAILABLE,
        /** The node refused the request itself; it is never sent again. */
        BAD_REQUEST,
        /** The node lacks the key version: a node further along the log may hold it. */
        KEY_NOT_FOUND,
        /** A key with that id exists with other material. */
        KEY_EXISTS,
        /** The key does not permit the operation. */
        KEY_USAGE,
        /** The node holds no security domain (yet). */
        NO_DOMAIN,
        /** The blob or bundle belongs to another security domain. */
        WRONG_DOMAIN,
        /** A MAC, unwrap or attestation check failed: tampered or of another key. */
        INTEGRITY,
        /** The token refused for its own reasons ({@link #ckr()}). */
        TOKEN_ERROR,
        /** The peer's transport key is not attested by a pool node. */
        PEER_NOT_TRUSTED,
        /** A failure the node did not type. */
        INTERNAL;

        /** The contract's reason as the router's code: the one place a {@link NodeError.Reason} is read. */
        static Code of(NodeError.Reason reason) {
            return switch (reason) {
                case UNAVAILABLE -> NODE_UNAVAILABLE;
                case BAD_REQUEST -> BAD_REQUEST;
                case KEY_NOT_FOUND -> KEY_NOT_FOUND;
                case KEY_EXISTS -> KEY_EXISTS;
                case KEY_USAGE -> KEY_USAGE;
                case NO_DOMAIN -> NO_DOMAIN;
                case WRONG_DOMAIN -> WRONG_DOMAIN;
                case INTEGRITY -> INTEGRITY;
                case TOKEN_ERROR -> TOKEN_ERROR;
                case PEER_NOT_TRUSTED -> PEER_NOT_TRUSTED;
                case REASON_UNSPECIFIED, UNRECOGNIZED -> INTERNAL;
            };
        }
    }

    private final Code code;
    private final String detail;
    private final String ckr;

    private RoutingException(String message, Code code, String detail, String ckr, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.detail = detail;
        this.ckr = ckr;
    }

    /** No healthy node could take {@code what}. */
    static RoutingException noNode(String what) {
        return new RoutingException("no healthy node holds what " + what + " needs", Code.NO_NODE,
                "no healthy node holds what " + what + " needs", "", null);
    }

    /** A node's typed failure; {@code message} says which call failed where (for logs). */
    static RoutingException of(String message, NodeClient.NodeCallException e) {
        NodeError error = e.error();
        return answered(message, Code.of(error.getReason()), error.getMessage(), error.getCkr(), e);
    }

    /** A node's answer {@code code} with its message {@code detail} and PKCS#11 return value {@code ckr}. */
    static RoutingException answered(String message, Code code, String detail, String ckr, Throwable cause) {
        return new RoutingException(message, code, detail, ckr, cause);
    }

    /** A failure of a call on one particular node: its message is the node client's. */
    static RoutingException of(NodeClient.NodeCallException e) {
        return of(e.getMessage(), e);
    }

    public Code code() {
        return code;
    }

    /** The node's own message (or why no node could take the call). */
    public String detail() {
        return detail;
    }

    /** The PKCS#11 return value of a token refusal, empty otherwise. */
    public String ckr() {
        return ckr;
    }
}
