package org.hsmpool.nodeapi;

import java.util.regex.Pattern;

import org.jboss.logging.MDC;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * One id per client request, from the manager's HTTP request into the node's log lines: the manager
 * puts it into the logging MDC as {@value #MDC_KEY} when a request arrives, {@link Forward} sends it
 * with every node call as the {@value #HEADER} metadata, and {@link Receive} puts it into the node's
 * MDC while the call runs. Both processes' log formats print it. Only ids of {@link #VALID} form are
 * taken, so a caller cannot put anything else into a log line.
 */
public final class CorrelationId {
    /** The MDC key and the JSON log field. */
    public static final String MDC_KEY = "correlationId";
    public static final String HEADER = "x-hsmpool-correlation-id";
    /** Letters, digits, '.', '_', ':' and '-', 1 to 128: a GUID (the Azure SDKs' x-ms-client-request-id) fits. */
    public static final Pattern VALID = Pattern.compile("[0-9A-Za-z._:-]{1,128}");
    private static final Metadata.Key<String> KEY = Metadata.Key.of(HEADER, Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> CONTEXT = Context.key(MDC_KEY);

    private CorrelationId() {
    }

    /** The id of the request this thread serves, if any. */
    public static String current() {
        Object id = MDC.get(MDC_KEY);
        return id instanceof String s && VALID.matcher(s).matches() ? s : null;
    }

    /** Client side: adds the current id to each call's metadata. */
    public static final class Forward implements ClientInterceptor {
        @Override
        public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
            String id = current();
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                @Override
                public void start(Listener<A> listener, Metadata headers) {
                    if (id != null) {
                        headers.put(KEY, id);
                    }
                    super.start(listener, headers);
                }
            };
        }
    }

    /**
     * Server side: the call's id into the gRPC {@link Context} of the call, which every listener step
     * (also one a blocking service hands to a worker thread) runs in; {@link #logged} puts it into the
     * MDC around the service's work.
     */
    public static class Receive implements ServerInterceptor {
        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                ServerCallHandler<Q, A> next) {
            String given = headers.get(KEY);
            if (given == null || !VALID.matcher(given).matches()) {
                return next.startCall(call, headers);
            }
            return Contexts.interceptCall(Context.current().withValue(CONTEXT, given), call, headers, next);
        }
    }

    /** Runs {@code work} with the current call's id (if it has one) in the MDC. */
    public static <T> T logged(java.util.function.Supplier<T> work) {
        String id = CONTEXT.get();
        if (id == null) {
            return work.get();
        }
        MDC.put(MDC_KEY, id);
        try {
            return work.get();
        } finally {
            MDC.remove(MDC_KEY);
        }
    }
}
