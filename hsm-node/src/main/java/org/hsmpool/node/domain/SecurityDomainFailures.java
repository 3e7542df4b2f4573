package org.hsmpool.node.domain;

import org.hsmpool.node.crypto.NodeException;
import org.hsmpool.node.token.TokenException;
import org.hsmpool.sd.SecurityDomainException;

/**
 * The node's reading of a security-domain library failure (a failure of the token under it stays
 * a {@link TokenException}). The typed reason tells the caller what
 * it may do (fix the request, use another domain's material, suspect tampering); the message keeps
 * the library's own, which names the field or share at fault and never holds secret bytes, and the
 * library's reason in brackets so that each refusal stays distinguishable.
 */
final class SecurityDomainFailures {
    private SecurityDomainFailures() {
    }

    static RuntimeException of(SecurityDomainException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof TokenException t) {
                // the token's own failure, said of this step: the gRPC edge reads it like any other
                return new TokenException(t.kind(), "the token failed during a security-domain step: " + t.detail(),
                        t.ckr(), e);
            }
            if (cause instanceof NodeException n) {
                return new NodeException(n.reason(), n.getMessage(), n.ckr(), e);
            }
        }
        NodeException.Reason reason = switch (e.reason()) {
            case WRONG_DOMAIN -> NodeException.Reason.WRONG_DOMAIN;
            case TAMPERED, WRONG_SHARES -> NodeException.Reason.INTEGRITY;
            case INVALID_TRANSFER_KEY, CRYPTO_FAILURE -> NodeException.Reason.TOKEN_ERROR;
            case INVALID_ARGUMENT, INVALID_CERTIFICATE, MALFORMED_BLOB, UNSUPPORTED_VERSION, MALFORMED_SHARE,
                    TOO_FEW_SHARES, DUPLICATE_SHARE, WRONG_RECIPIENT, WRONG_TRANSFER_KEY, INVALID_KEY_FILE,
                    WRONG_PASSPHRASE -> NodeException.Reason.BAD_REQUEST;
        };
        return new NodeException(reason, e.getMessage() + " [" + e.reason() + "]", "", e);
    }
}
