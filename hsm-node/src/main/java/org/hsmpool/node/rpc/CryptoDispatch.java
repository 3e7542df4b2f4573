package org.hsmpool.node.rpc;

import java.util.function.Supplier;

import org.hsmpool.node.token.SessionStats;
import org.hsmpool.node.token.Token;

import io.grpc.stub.StreamObserver;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Where a cryptographic call runs: on the event loop that received it when the token has a session
 * free right now (the common case: no hand-over to another thread, docs/performance.md), else on a
 * worker thread, so that a call that would wait for a session (the token busy with imports) never
 * holds an event loop, and the node's other calls and health probes go on.
 */
final class CryptoDispatch {
    private final Token token;

    CryptoDispatch(Token token) {
        this.token = token;
    }

    <T> void reply(String operation, StreamObserver<T> observer, Supplier<T> body) {
        if (sessionFree(token.sessions())) {
            Replies.reply(operation, observer, body);
        } else {
            Infrastructure.getDefaultWorkerPool().execute(() -> Replies.reply(operation, observer, body));
        }
    }

    static boolean sessionFree(SessionStats sessions) {
        return sessions.idle() > 0 || sessions.open() < sessions.max();
    }
}
