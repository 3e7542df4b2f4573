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
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;

/**
 * Channels to one hsm-node with mutual TLS (the caller's certificate and key from the pool CA,
 * the pool CA as the only trust anchor) and a deadline on every call.
 *
 * <p>It always keeps one channel on grpc-java's own I/O threads, used by blocking calls and by calls
 * from any other thread. Given the caller's event loops (the manager's Vert.x loops), it also keeps one
 * channel per loop, doing its I/O on that loop: an asynchronous call made on a loop goes out and comes
 * back on that same thread, with no hand-over to another thread in between (docs/performance.md,
 * "Thread hand-overs"). A blocking call never waits on an event loop, so a thread that holds a lock an
 * event loop wants (the audit sealer) cannot stall the loop that would carry its answer.
 */
public final class NodeClient implements AutoCloseable {
    /** One channel, and the event loop doing its I/O (null: grpc-java's own threads). */
    private record Lane(EventLoop loop, ManagedChannel channel, HsmNodeGrpc.HsmNodeBlockingStub stub,
            HsmNodeGrpc.HsmNodeStub asyncStub) {
        static Lane of(EventLoop loop, ManagedChannel channel) {
            // answers are handled on the channel's I/O thread: no hand-over to grpc's default executor
            return new Lane(loop, channel, HsmNodeGrpc.newBlockingStub(channel),
                    HsmNodeGrpc.newStub(channel).withExecutor(Runnable::run));
        }
    }

    /** lanes[0]: grpc-java's own I/O threads; then one per event loop. */
    private final Lane[] lanes;
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
        this(new Lane[] {Lane.of(null, channel)}, deadline, target);
    }

    private NodeClient(Lane[] lanes, Duration deadline, String target) {
        this.lanes = lanes;
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
     * a connection to any other pool member is refused in the handshake. With {@code loops} (NIO event
     * loops, such as Vert.x's), one channel per loop, each doing its I/O on its loop; null: one channel.
     */
    public static NodeClient connect(String host, int port, org.hsmpool.nodeapi.pki.RotatingTls tls,
            org.hsmpool.nodeapi.pki.PoolIdentity node, Duration deadline, EventLoopGroup loops) {
        return connect(host, port, tls, node, deadline, loops, org.hsmpool.nodeapi.pki.TlsEngine.AUTO);
    }

    /** {@link #connect(String, int, org.hsmpool.nodeapi.pki.RotatingTls, org.hsmpool.nodeapi.pki.PoolIdentity, Duration, EventLoopGroup)} with TLS from {@code engine}. */
    public static NodeClient connect(String host, int port, org.hsmpool.nodeapi.pki.RotatingTls tls,
            org.hsmpool.nodeapi.pki.PoolIdentity node, Duration deadline, EventLoopGroup loops,
            org.hsmpool.nodeapi.pki.TlsEngine engine) {
        SslContext ssl;
        try {
            ssl = GrpcSslContexts.configure(io.netty.handler.ssl.SslContextBuilder.forClient(), engine.provider())
                    .keyManager(tls.keyManager())
                    .trustManager(new org.hsmpool.nodeapi.pki.PinnedPeer(tls.trustManager(), node)).build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot set up TLS for " + host + ":" + port + ": " + e.getMessage(), e);
        }
        String target = node.name() + "@" + host + ":" + port;
        java.util.List<Lane> lanes = new java.util.ArrayList<>();
        lanes.add(Lane.of(null, NettyChannelBuilder.forAddress(host, port).sslContext(ssl)
                .intercept(new CorrelationId.Forward()).build()));
        if (loops != null) {
            loops.forEach(executor -> {
                if (executor instanceof NioEventLoop loop) {
                    lanes.add(Lane.of(loop, NettyChannelBuilder.forAddress(host, port).sslContext(ssl)
                            .eventLoopGroup(loop).channelType(NioSocketChannel.class)
                            .intercept(new CorrelationId.Forward()).build()));
                }
            });
        }
        return new NodeClient(lanes.toArray(Lane[]::new), deadline, target);
    }

    /** {@link #connect(String, int, org.hsmpool.nodeapi.pki.RotatingTls, org.hsmpool.nodeapi.pki.PoolIdentity, Duration, EventLoopGroup)} with one channel. */
    public static NodeClient connect(String host, int port, org.hsmpool.nodeapi.pki.RotatingTls tls,
            org.hsmpool.nodeapi.pki.PoolIdentity node, Duration deadline) {
        return connect(host, port, tls, node, deadline, null);
    }

    /** The channel whose loop is the calling thread, else the one on grpc-java's threads. */
    private Lane asyncLane() {
        for (int i = 1; i < lanes.length; i++) {
            if (lanes[i].loop().inEventLoop()) {
                return lanes[i];
            }
        }
        return lanes[0];
    }

    /** Run one call with this client's deadline; a failure becomes a {@link NodeCallException}. */
    public <T> T call(Function<HsmNodeGrpc.HsmNodeBlockingStub, T> body) {
        return call(deadline, body);
    }

    public <T> T call(Duration callDeadline, Function<HsmNodeGrpc.HsmNodeBlockingStub, T> body) {
        try {
            return body.apply(lanes[0].stub().withDeadlineAfter(callDeadline.toMillis(), TimeUnit.MILLISECONDS));
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
            body.accept(asyncLane().asyncStub().withDeadlineAfter(callDeadline.toMillis(), TimeUnit.MILLISECONDS),
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
        for (Lane lane : lanes) {
            lane.channel().resetConnectBackoff();
        }
    }

    @Override
    public void close() {
        for (Lane lane : lanes) {
            lane.channel().shutdownNow();
        }
        try {
            for (Lane lane : lanes) {
                lane.channel().awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
