package org.hsmpool.testkit;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.hsmpool.nodeapi.pki.Pem;

/** TLS that trusts only a pool's CA: what every client of a pool under test uses. */
public final class PoolTrust {

    private PoolTrust() {
    }

    /**
     * An SSL context whose only trust anchors are the certificates in {@code caFile} (PEM): the pool CA, and
     * during a CA rotation its successor.
     */
    public static SSLContext sslContext(Path caFile) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (var ca : Pem.readCertificates(caFile)) {
                trust.setCertificateEntry("pool-ca-" + i++, ca);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot trust the pool CA in " + caFile + ": " + e.getMessage(), e);
        }
    }
}
