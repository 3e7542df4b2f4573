package org.hsmpool.pool.tls;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hsmpool.nodeapi.pki.PoolIdentity;
import org.hsmpool.nodeapi.pki.RotatingTls;
import org.hsmpool.nodeapi.pki.TlsEngine;
import org.hsmpool.nodeapi.pki.TlsMaterial;
import org.hsmpool.pool.config.PoolConfig;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.tls.runtime.KeyStoreAndKeyCertOptions;
import io.quarkus.tls.runtime.KeyStoreProvider;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.smallrye.common.annotation.Identifier;
import io.vertx.core.net.KeyCertOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The manager's TLS identity and the pool CA bundle, following their files ({@link RotatingTls}):
 * the channels to the nodes present the current certificate and check the nodes against the
 * current bundle at every new connection, and the HTTPS front end (TLS configuration
 * {@value #FRONT}) serves the current certificate, or the current one of
 * {@code hsmpool.pool.tls.https-certificate} when that is configured (for example from a CA the
 * applications already trust). A rotated certificate therefore needs no
 * restart; open connections finish on the old one. The certificate must name a manager identity,
 * since the nodes admit no other caller.
 */
@ApplicationScoped
public class ManagerTls {
    static final String FRONT = "front";

    private final RotatingTls tls;
    /** What the front end serves: {@link #tls}, or the configured HTTPS certificate. */
    private final RotatingTls https;
    private final TlsEngine engine;

    public ManagerTls(PoolConfig config) {
        try {
            this.engine = TlsEngine.of(config.tls().engine());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("hsmpool.pool.tls.engine: " + e.getMessage(), e);
        }
        var files = new TlsMaterial.Sources(config.tls().certificate(), config.tls().key(), Optional.of(config.tls().ca()));
        try {
            this.tls = new RotatingTls(files, ManagerTls::managerIdentity).watch(config.tls().reloadPeriod());
        } catch (TlsMaterial.Invalid e) {
            throw new IllegalStateException("the manager cannot use its TLS files: " + e.getMessage(), e);
        }
        var cert = config.tls().httpsCertificate();
        var key = config.tls().httpsKey();
        if (cert.isPresent() != key.isPresent()) {
            throw new IllegalStateException("set both hsmpool.pool.tls.https-certificate and hsmpool.pool.tls.https-key, or"
                    + " neither (the front end then serves the manager certificate)");
        }
        if (cert.isEmpty()) {
            this.https = tls;
        } else {
            try {
                this.https = new RotatingTls(new TlsMaterial.Sources(cert.get(), key.get(), Optional.empty()))
                        .watch(config.tls().reloadPeriod());
            } catch (TlsMaterial.Invalid e) {
                throw new IllegalStateException("the manager cannot use its HTTPS certificate: " + e.getMessage(), e);
            }
        }
    }

    public RotatingTls rotating() {
        return tls;
    }

    /** The TLS implementation of the front end and of the channels to the nodes. */
    public TlsEngine engine() {
        return engine;
    }

    /** What {@code GET /hsmpool/status} shows of the certificates in use (no key, of course). */
    public Map<String, Object> describe() {
        TlsMaterial m = tls.current();
        Map<String, Object> out = describe(m.leaf());
        out.put("authorities", m.authorities().stream().map(ManagerTls::describe).toList());
        out.put("engine", engine.describe());
        if (https != tls) {
            out.put("https", describe(https.current().leaf()));
        }
        return out;
    }

    private static Map<String, Object> describe(X509Certificate c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("subject", c.getSubjectX500Principal().getName());
        out.put("serial", c.getSerialNumber().toString(16).toUpperCase());
        out.put("notAfter", c.getNotAfter().toInstant().toString());
        return out;
    }

    private static void managerIdentity(TlsMaterial m) {
        Optional<PoolIdentity> who = PoolIdentity.of(m.leaf());
        if (who.isEmpty() || who.get().role() != PoolIdentity.Role.MANAGER) {
            throw new IllegalArgumentException("the manager certificate " + m.leaf().getSubjectX500Principal().getName()
                    + " names " + who.map(PoolIdentity::uri).orElse("no pool identity")
                    + "; the nodes admit only a manager identity issued by the pool CA");
        }
    }

    /** The front end serves TLS through {@code hsmpool.pool.tls.engine}; the channels to the nodes take it from {@code NodeRegistry}. */
    @Produces
    @Singleton
    HttpServerOptionsCustomizer serverEngine() {
        return engine.serverCustomizer();
    }

    @Produces
    @Singleton
    @Identifier(FRONT)
    KeyStoreProvider front() {
        return vertx -> {
            try {
                return new KeyStoreAndKeyCertOptions(https.current().keyStore("https"), KeyCertOptions.wrap(https.keyManager()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    void close(@Observes ShutdownEvent e) {
        tls.close();
        https.close();
    }
}
