package org.hsmpool.node.config;

import java.security.GeneralSecurityException;
import java.util.Optional;

import org.hsmpool.node.domain.NodeIdentity;
import org.hsmpool.nodeapi.pki.PoolIdentity;
import org.hsmpool.nodeapi.pki.RotatingTls;
import org.hsmpool.nodeapi.pki.TlsEngine;
import org.hsmpool.nodeapi.pki.TlsMaterial;

import io.quarkus.tls.runtime.KeyStoreAndKeyCertOptions;
import io.quarkus.tls.runtime.KeyStoreProvider;
import io.quarkus.tls.runtime.TrustStoreAndTrustOptions;
import io.quarkus.tls.runtime.TrustStoreProvider;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.smallrye.common.annotation.Identifier;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The node's TLS material, which follows its files ({@link RotatingTls}): the gRPC server (the TLS
 * configuration {@value #NAME}) presents the current certificate and trusts the current pool CA
 * bundle at every handshake, and the transport key is attested by the current certificate. A
 * certificate that names another identity than this node is refused, at start and on reload.
 */
@ApplicationScoped
public class NodeTls {
    static final String NAME = "node";

    private final RotatingTls tls;
    private final TlsEngine engine;
    private volatile NodeIdentity identity;

    public NodeTls(NodeConfig config) {
        try {
            this.engine = TlsEngine.of(config.tls().engine());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("hsm-node " + config.name() + ": hsmpool.node.tls.engine: " + e.getMessage(), e);
        }
        var files = new TlsMaterial.Sources(config.tls().certificate(), config.tls().key(), Optional.of(config.tls().ca()));
        try {
            this.tls = new RotatingTls(files, m -> identityOf(m, config.name())).watch(config.tls().reloadPeriod());
        } catch (TlsMaterial.Invalid e) {
            throw new IllegalStateException("hsm-node " + config.name() + " cannot use its TLS files: " + e.getMessage(), e);
        }
    }

    /** The identity of the current certificate; the same object until the certificate changes. */
    public NodeIdentity identity() {
        TlsMaterial m = tls.current();
        NodeIdentity id = identity;
        if (id == null || id.chain().get(0) != m.leaf()) {
            id = new NodeIdentity(PoolIdentity.of(m.leaf()).orElseThrow(), m.chain(), m.key(), m.authorities());
            identity = id;
        }
        return id;
    }

    public TlsMaterial current() {
        return tls.current();
    }

    private static PoolIdentity identityOf(TlsMaterial m, String node) {
        PoolIdentity who = PoolIdentity.of(m.leaf()).orElseThrow(() -> new IllegalArgumentException(
                "the node certificate " + m.leaf().getSubjectX500Principal().getName() + " names no pool identity"));
        if (who.role() != PoolIdentity.Role.NODE || !who.name().equals(node)) {
            throw new IllegalArgumentException("the node certificate belongs to " + who.uri() + ", not to node " + node);
        }
        return who;
    }

    /** The gRPC server serves TLS through {@code hsmpool.node.tls.engine}. */
    @Produces
    @Singleton
    HttpServerOptionsCustomizer serverEngine() {
        return engine.serverCustomizer();
    }

    @Produces
    @Singleton
    @Identifier(NAME)
    KeyStoreProvider keyStore() {
        return vertx -> {
            try {
                return new KeyStoreAndKeyCertOptions(tls.current().keyStore("node"), KeyCertOptions.wrap(tls.keyManager()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @Produces
    @Singleton
    @Identifier(NAME)
    TrustStoreProvider trustStore() {
        return vertx -> {
            try {
                return new TrustStoreAndTrustOptions(tls.current().trustStore(), TrustOptions.wrap(tls.trustManager()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    void close(@jakarta.enterprise.event.Observes io.quarkus.runtime.ShutdownEvent e) {
        tls.close();
    }
}
