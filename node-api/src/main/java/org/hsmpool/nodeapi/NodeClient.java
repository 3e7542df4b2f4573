package org.hsmpool.nodeapi;

import java.io.File;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

import javax.net.ssl.SSLException;

import org.hsmpool.nodeapi.v1.HsmNodeGrpc;
import org.hsmpool.nodeapi.v1.NodeError;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;

/**
 * A channel to one hsm-node with mutual TLS (the caller's certificate and key from the pool CA,
 * the pool CA as the only trust anchor) and a deadline on every call.
 */
public final class NodeClient implements AutoCloseable {
    private final ManagedChannel channel;
    private final HsmNodeGrpc.HsmNodeBlockingStub stub;
    private final HsmNodeGrpc.HsmNodeStub asyncStub;
    private final Duration deadline;
    private final String target;

    /** A typed failure of a node call. */
    public static final class NodeCallException extends RuntimeException {
        private final transient NodeError error;

        NodeCallException(String target, NodeError error, StatusRuntimeException cause) {
            super(target + ": " + error.getReason() + ": " + error.getMessage()
                    + (error.getCkr().isEmpty() ? "" : " (" + error.getCkr() + ")"), cause);
            this.error = error;
        }

        public NodeError error() {
            return error;
        }

        public NodeError.Reason reason() {
            return error.getReason();
        }
    }

    private NodeClient(ManagedChannel channel, Duration deadline, String target) {
        this.channel = channel;
        this.stub = HsmNodeGrpc.newBlockingStub(channel);
        // answers are handled on the channel's I/O thread: no hand-over to grpc's default executor
        this.asyncStub = HsmNodeGrpc.newStub(channel).withExecutor(Runnable::run);
        this.deadline = deadline;
        this.target = target;
    }

    /**
     * @param certificate PEM certificate (chain) of the caller, issued by the pool CA
     * @param key         PEM PKCS#8 private key of the caller
     * @param poolCa      PEM certificate of the pool CA
     */
    public static NodeClient connect(String host, int port, File certificate, File key, File poolCa,
            Duration deadline) {
        try {
            ManagedChannel channel = NettyChannelBuilder.forAddress(host, port)
                    .sslContext(GrpcSslContexts.forClient().keyManager(certificate, key).trustManager(poolCa).build())
                    .intercept(new CorrelationId.Forward()).build();
            return new NodeClient(channel, deadline, host + ":" + port);
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot set up TLS for " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * A channel whose certificate and trusted CAs follow {@code tls}: connections opened after a
     * rotation present the new certificate; open connections go on.
     */
    public static NodeClient connect(String host, int port, org.hsmpool.nodeapi.pki.RotatingTls tls, Duration deadline) {
        try {
            ManagedChannel channel = NettyChannelBuilder.forAddress(host, port)
                    .sslContext(GrpcSslContexts.forClient().keyManager(tls.keyManager()).trustManager(tls.trustManager()).build())
                    .intercept(new CorrelationId.Forward()).build();
            return new NodeClient(channel, deadline, host + ":" + port);
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot set up TLS for " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * Like {@link #connect(String, int, org.hsmpool.nodeapi.pki.RotatingTls, Duration)}, and the node
     * must present a certificate naming exactly {@code node} ({@link org.hsmpool.nodeapi.pki.PinnedPeer}):
     * a connection to any other pool member is refused in the handshake.
     */
    public static NodeClient connect(String host, int port, org.hsmpool.nodeapi.pki.RotatingTls tls,
            org.hsmpool.nodeapi.pki.PoolIdentity node, Duration deadline) {
        try {
            ManagedChannel channel = NettyChannelBuilder.forAddress(host, port)
                    .sslContext(GrpcSslContexts.forClient().keyManager(tls.keyManager())
                            .trustManager(new org.hsmpool.nodeapi.pki.PinnedPeer(tls.trustManager(), node)).build())
                    .intercept(new CorrelationId.Forward()).build();
            return new NodeClient(channel, deadline, node.name() + "@" + host + ":" + port);
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot set up TLS for " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** Run one call with this client's deadline; a failure becomes a {@link NodeCallException}. */
    public <T> T call(Function<HsmNodeGrpc.HsmNodeBlockingStub, T> body) {
        return call(deadline, body);
    }

    public <T> T call(Duration callDeadline, Function<HsmNodeGrpc.HsmNodeBlockingStub, T> body) {
        try {
            return body.apply(stub.withDeadlineAfter(callDeadline.toMillis(), TimeUnit.MILLISECONDS));
        } catch (StatusRuntimeException e) {
            throw new NodeCallException(target, NodeErrors.from(e), e);
        }
    }

    /**
     * Start one unary call with {@code callDeadline} without waiting for it: {@code body} makes the
     * call on the asynchronous stub with the given observer. The stage completes on the channel's
     * I/O thread, so what follows it must not block; a failure is a {@link NodeCallException}.
     */
    public <T> CompletableFuture<T> callAsync(Duration callDeadline,
            BiConsumer<HsmNodeGrpc.HsmNodeStub, StreamObserver<T>> body) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        try {
            body.accept(asyncStub.withDeadlineAfter(callDeadline.toMillis(), TimeUnit.MILLISECONDS),
                    new StreamObserver<T>() {
                        private T value;

                        @Override
                        public void onNext(T reply) {
                            value = reply;
                        }

                        @Override
                        public void onError(Throwable failure) {
                            answer.completeExceptionally(failure instanceof StatusRuntimeException e
                                    ? new NodeCallException(target, NodeErrors.from(e), e) : failure);
                        }

                        @Override
                        public void onCompleted() {
                            answer.complete(value);
                        }
                    });
        } catch (StatusRuntimeException e) {
            answer.completeExceptionally(new NodeCallException(target, NodeErrors.from(e), e));
        }
        return answer;
    }

    public String target() {
        return target;
    }

    /** Try to connect again at once instead of waiting out the channel's reconnect backoff. */
    public void resetConnectBackoff() {
        channel.resetConnectBackoff();
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
