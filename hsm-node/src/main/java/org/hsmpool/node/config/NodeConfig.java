package org.hsmpool.node.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * hsm-node configuration ({@code hsmpool.node.*}, from application.properties, system properties
 * or environment variables such as {@code HSMPOOL_NODE_TOKEN_LABEL}). The user PIN is deliberately
 * not a property: it comes from {@code token.pin-file} or the environment variable
 * {@value #PIN_ENV}, so it never appears on a command line.
 */
@ConfigMapping(prefix = "hsmpool.node")
public interface NodeConfig {
    String PIN_ENV = "HSMPOOL_NODE_TOKEN_PIN";

    /** The node's name in the pool; must match the name in its certificate. */
    String name();

    /** Address the gRPC (TLS) listener binds to. */
    @WithDefault("127.0.0.1")
    String host();

    /** Port of the gRPC (TLS) listener. */
    @WithDefault("9443")
    int port();

    /** Address of the management interface (plain HTTP: /q/health, /q/metrics). */
    @WithDefault("127.0.0.1")
    String managementHost();

    /** Port of the management interface; 0 picks a free one, named in the log at start. */
    @WithDefault("0")
    int managementPort();

    Pkcs11 pkcs11();

    TokenSettings token();

    Tls tls();

    interface Pkcs11 {
        /** Path of the PKCS#11 module. */
        @WithDefault("/usr/lib/softhsm/libsofthsm2.so")
        String library();
    }

    interface TokenSettings {
        /** Label of the token to serve; the slot is resolved from it at start-up. */
        String label();

        /** File holding the user PIN (first line). If absent, the PIN is read from HSMPOOL_NODE_TOKEN_PIN. */
        Optional<Path> pinFile();

        /** Upper bound of concurrent PKCS#11 sessions. */
        @WithDefault("8")
        int sessions();

        /** How long a call waits for a free session before it fails as UNAVAILABLE. */
        @WithDefault("5s")
        Duration sessionWait();

        /** Failed logins after which the node stops trying (SoftHSM2 never locks a PIN). */
        @WithDefault("3")
        int maxLoginAttempts();
    }

    interface Tls {
        /** PEM certificate chain of this node, issued by the pool CA. */
        Path certificate();

        /** PEM PKCS#8 private key of this node (mode 0600). */
        Path key();

        /** PEM certificates of the pool CA (two during a CA rollover): the only issuers this node trusts. */
        Path ca();

        /**
         * How often the three files are read again. New, valid material (a rotated certificate)
         * serves new connections from then on, without a restart; 0 turns reloading off.
         */
        @WithDefault("10s")
        Duration reloadPeriod();

        /** The pool identity allowed to call this node. */
        @WithDefault("urn:hsmpool:manager:manager")
        String allowedClient();

        /**
         * The TLS implementation of the gRPC server: {@code auto} (BoringSSL through netty-tcnative
         * where its native library loads, else the JDK's), {@code openssl} or {@code jdk}.
         */
        @WithDefault("auto")
        String engine();
    }
}
