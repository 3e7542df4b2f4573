package org.hsmpool.nodeapi.pki;

import java.lang.System.Logger.Level;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A process's TLS identity and trust anchors that follow their files: {@link #refresh()} (run
 * every reload period by {@link #watch}) re-reads them and adopts new material only when it passes
 * {@link TlsMaterial}'s checks and the caller's own. The key and trust managers it hands out
 * consult the current material at every handshake, so a server or channel built once serves a
 * rotated certificate to new connections while open connections go on undisturbed: rotation needs
 * no restart. Invalid files (half-written, a key of another certificate, expired) are reported
 * once and ignored until they change again; the process keeps its last good material.
 */
public final class RotatingTls implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RotatingTls.class.getName());

    private final TlsMaterial.Sources sources;
    private final Consumer<TlsMaterial> check;
    private final CurrentKeyManager keyManager = new CurrentKeyManager();
    private final CurrentTrustManager trustManager = new CurrentTrustManager();
    private volatile Generation current;
    private String lastRejected;
    private ScheduledExecutorService watcher;

    /** The material in force and what was built from it; the alias names this generation. */
    private record Generation(TlsMaterial material, String alias, X509ExtendedTrustManager trust) {
    }

    /**
     * @param check a further condition on the material (for example the identity its certificate
     *              names); it throws {@link IllegalArgumentException} with the reason to refuse
     * @throws TlsMaterial.Invalid when the files do not hold a usable identity now
     */
    public RotatingTls(TlsMaterial.Sources sources, Consumer<TlsMaterial> check) throws TlsMaterial.Invalid {
        this.sources = Objects.requireNonNull(sources);
        this.check = check;
        this.current = adopt(load());
    }

    public RotatingTls(TlsMaterial.Sources sources) throws TlsMaterial.Invalid {
        this(sources, m -> {
        });
    }

    public TlsMaterial current() {
        return current.material();
    }

    /** Re-read the files; true when new, valid material was adopted. */
    public synchronized boolean refresh() {
        TlsMaterial next;
        try {
            next = load();
        } catch (TlsMaterial.Invalid e) {
            if (!e.getMessage().equals(lastRejected)) {
                lastRejected = e.getMessage();
                LOG.log(Level.WARNING, "keeping the TLS identity " + current.material().serial() + ": " + e.getMessage());
            }
            return false;
        }
        if (next.fingerprint().equals(current.material().fingerprint())) {
            return false;
        }
        TlsMaterial before = current.material();
        current = adopt(next);
        lastRejected = null;
        LOG.log(Level.INFO, "TLS identity " + next.leaf().getSubjectX500Principal().getName() + " now serial "
                + next.serial() + " (was " + before.serial() + "), valid until " + next.leaf().getNotAfter().toInstant()
                + ", " + next.authorities().size() + " trusted CA(s)");
        return true;
    }

    /** Refresh every {@code period} on a daemon thread until {@link #close()}. */
    public synchronized RotatingTls watch(Duration period) {
        if (watcher == null && !period.isZero() && !period.isNegative()) {
            watcher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "tls-reload");
                t.setDaemon(true);
                return t;
            });
            watcher.scheduleWithFixedDelay(this::refresh, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Presents the current certificate; chosen aliases stay resolvable across one rotation. */
    public X509ExtendedKeyManager keyManager() {
        return keyManager;
    }

    /** Checks peers against the current authorities (PKIX, no revocation). */
    public X509ExtendedTrustManager trustManager() {
        return trustManager;
    }

    @Override
    public synchronized void close() {
        if (watcher != null) {
            watcher.shutdownNow();
            watcher = null;
        }
    }

    private TlsMaterial load() throws TlsMaterial.Invalid {
        TlsMaterial m = sources.load();
        try {
            check.accept(m);
        } catch (IllegalArgumentException e) {
            throw new TlsMaterial.Invalid(e.getMessage(), e);
        }
        return m;
    }

    private Generation adopt(TlsMaterial m) throws IllegalStateException {
        X509ExtendedTrustManager trust = null;
        if (!m.authorities().isEmpty()) {
            try {
                TrustManagerFactory f = TrustManagerFactory.getInstance("PKIX");
                f.init(m.trustStore());
                for (TrustManager t : f.getTrustManagers()) {
                    if (t instanceof X509ExtendedTrustManager x) {
                        trust = x;
                    }
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot build a trust manager: " + e.getMessage(), e);
            }
        }
        Generation g = new Generation(m, "tls-" + m.fingerprint(), trust);
        keyManager.remember(g);
        return g;
    }

    private final class CurrentKeyManager extends X509ExtendedKeyManager {
        /** The last few generations, so that an alias chosen just before a swap still resolves. */
        private final Map<String, Generation> recent = new LinkedHashMap<>() {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Generation> eldest) {
                return size() > 3;
            }
        };

        synchronized void remember(Generation g) {
            recent.put(g.alias(), g);
        }

        private synchronized Generation get(String alias) {
            return alias == null ? null : recent.get(alias);
        }

        private String alias(String keyType) {
            Generation g = current;
            String algorithm = g.material().key().getAlgorithm();
            return keyType == null || keyType.equals(algorithm) || keyType.startsWith(algorithm + "_") ? g.alias() : null;
        }

        private String alias(String[] keyTypes) {
            for (String t : keyTypes == null ? new String[] {null} : keyTypes) {
                String a = alias(t);
                if (a != null) {
                    return a;
                }
            }
            return null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            String a = alias(keyType);
            return a == null ? null : new String[] {a};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return alias(keyType);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return alias(keyType);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return getClientAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return alias(keyType);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return alias(keyType);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            Generation g = get(alias);
            return g == null ? null : g.material().chain().toArray(new X509Certificate[0]);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            Generation g = get(alias);
            return g == null ? null : g.material().key();
        }
    }

    private final class CurrentTrustManager extends X509ExtendedTrustManager {
        private X509ExtendedTrustManager delegate() throws CertificateException {
            X509ExtendedTrustManager t = current.trust();
            if (t == null) {
                throw new CertificateException("this process trusts no certificate authority (" + sources + ")");
            }
            return t;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate().checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate().checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate().checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate().checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate().checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate().checkServerTrusted(chain, authType, engine);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            X509ExtendedTrustManager t = current.trust();
            return t == null ? new X509Certificate[0] : t.getAcceptedIssuers();
        }
    }
}
