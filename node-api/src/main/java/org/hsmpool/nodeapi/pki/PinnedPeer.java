package org.hsmpool.nodeapi.pki;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Objects;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A trust manager that accepts a server only when its chain passes {@code delegate} (the pool CA)
 * and its certificate names exactly the pool identity expected: the manager's channel to node
 * {@code node-1} accepts only {@code urn:hsmpool:node:node-1}, not another node of the pool CA, nor
 * the manager's own certificate. Host names alone would let any pool certificate for
 * {@code localhost} stand in for any node. The delegate is consulted at every handshake, so a
 * rotated CA bundle still applies.
 */
public final class PinnedPeer extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager delegate;
    private final PoolIdentity expected;

    public PinnedPeer(X509ExtendedTrustManager delegate, PoolIdentity expected) {
        this.delegate = Objects.requireNonNull(delegate);
        this.expected = Objects.requireNonNull(expected);
    }

    public PoolIdentity expected() {
        return expected;
    }

    /** Throws unless the leaf names {@link #expected}. */
    void requireExpected(X509Certificate[] chain) throws CertificateException {
        PoolIdentity who = chain == null || chain.length == 0 ? null : PoolIdentity.of(chain[0]).orElse(null);
        if (!expected.equals(who)) {
            throw new CertificateException("the peer presents " + (who == null ? "no pool identity" : who.uri())
                    + ", not " + expected.uri());
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
        requireExpected(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType, socket);
        requireExpected(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType, engine);
        requireExpected(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
        requireExpected(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
        requireExpected(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
        requireExpected(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
