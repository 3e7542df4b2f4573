package org.hsmpool.node.rpc;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import org.hsmpool.node.config.NodeConfig;
import org.hsmpool.nodeapi.NodeErrors;
import org.hsmpool.nodeapi.pki.PoolIdentity;
import org.hsmpool.nodeapi.v1.NodeError;
import org.jboss.logging.Logger;

import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Admits a call only when it carries a deadline and its TLS client certificate (already verified
 * against the pool CA by the TLS layer) names the configured manager identity. A node certificate
 * from the same CA is therefore not enough to drive a node.
 */
@ApplicationScoped
public class CallerCheck implements ServerInterceptor {
    private static final Logger LOG = Logger.getLogger(CallerCheck.class);

    /** Vert.x's gRPC server keeps the timeout header instead of setting a Context deadline. */
    private static final Metadata.Key<String> GRPC_TIMEOUT = Metadata.Key.of("grpc-timeout",
            Metadata.ASCII_STRING_MARSHALLER);

    private final String allowed;

    public CallerCheck(NodeConfig config) {
        this.allowed = config.tls().allowedClient();
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
            ServerCallHandler<Q, A> next) {
        String refusal = refusal(call, headers);
        if (refusal != null) {
            LOG.warnf("refused %s: %s", call.getMethodDescriptor().getFullMethodName(), refusal);
            StatusRuntimeException e = NodeErrors.of(
                    refusal.startsWith("no deadline") ? NodeError.Reason.BAD_REQUEST : NodeError.Reason.PEER_NOT_TRUSTED,
                    refusal, "");
            call.close(e.getStatus(), e.getTrailers());
            return new ServerCall.Listener<>() {
            };
        }
        return next.startCall(call, headers);
    }

    private String refusal(ServerCall<?, ?> call, Metadata headers) {
        SSLSession ssl = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        if (ssl == null) {
            return "the call did not arrive over mutual TLS";
        }
        try {
            Certificate[] peer = ssl.getPeerCertificates();
            PoolIdentity who = peer.length == 0 ? null : PoolIdentity.of((X509Certificate) peer[0]).orElse(null);
            if (who == null || !who.uri().equals(allowed)) {
                return "caller " + (who == null ? "without a pool identity" : who.uri()) + " is not " + allowed;
            }
        } catch (SSLPeerUnverifiedException e) {
            return "the caller presented no certificate";
        }
        if (Context.current().getDeadline() == null && headers.get(GRPC_TIMEOUT) == null) {
            return "no deadline: every call to a node must carry one";
        }
        return null;
    }
}
