package org.hsmpool.nodeapi.pki;

import java.util.Locale;

import org.jboss.logging.Logger;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.SSLEngineOptions;

/**
 * Which TLS implementation a process's connections use: BoringSSL through netty-tcnative (a native
 * library in the application, used by netty and Vert.x alike), or the JDK's own. BoringSSL costs
 * less CPU per record; the JDK's needs no native code. The protocol versions, the certificates and
 * the trust decisions ({@link RotatingTls}, {@link PinnedPeer}) are the same either way: the key
 * and trust managers are the JDK objects in both cases. The cipher suites offered are each
 * engine's defaults (TLS 1.3's AEAD suites on both; for the front end's TLS 1.2 the lists differ).
 */
public enum TlsEngine {
    /** BoringSSL when its native library loads on this machine, else the JDK. */
    AUTO,
    /** BoringSSL; a process configured so refuses to start where it cannot load. */
    OPENSSL,
    /** The JDK's TLS. */
    JDK;

    /**
     * @param value {@code auto}, {@code openssl} or {@code jdk}, in any case
     * @throws IllegalArgumentException naming the allowed values, or why BoringSSL cannot be used
     */
    public static TlsEngine of(String value) {
        TlsEngine engine;
        try {
            engine = valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown TLS engine '" + value + "': use auto, openssl or jdk");
        }
        if (engine == OPENSSL && !OpenSsl.isAvailable()) {
            throw new IllegalArgumentException("the TLS engine openssl is configured, but BoringSSL (netty-tcnative) cannot"
                    + " be loaded here: " + OpenSsl.unavailabilityCause() + "; use auto or jdk");
        }
        return engine;
    }

    /** True when connections use BoringSSL. */
    public boolean boringSsl() {
        return this == OPENSSL || (this == AUTO && OpenSsl.isAvailable());
    }

    /** netty's provider, for gRPC channels ({@code GrpcSslContexts.configure}). */
    public SslProvider provider() {
        return boringSsl() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    /** Vert.x's engine options, for an HTTPS or gRPC server. */
    public SSLEngineOptions vertx() {
        return boringSsl() ? new OpenSSLEngineOptions() : new JdkSSLEngineOptions();
    }

    /**
     * For a Quarkus HTTP server (a bean of this type is applied to its options at start): serve
     * HTTPS through this engine, and log which one.
     */
    public HttpServerOptionsCustomizer serverCustomizer() {
        TlsEngine engine = this;
        return new HttpServerOptionsCustomizer() {
            @Override
            public void customizeHttpsServer(HttpServerOptions options) {
                options.setSslEngineOptions(engine.vertx());
                Logger.getLogger(TlsEngine.class).infof("TLS through %s", engine.describe());
            }
        };
    }

    /** For the start-up log: which implementation, and its version. */
    public String describe() {
        return boringSsl() ? OpenSsl.versionString() + " (netty-tcnative)" : "the JDK's TLS (" + System.getProperty("java.version") + ")";
    }
}
