package org.hsmpool.nodeapi.pki;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS identity (certificate chain and private key) and the certificate authorities it trusts,
 * read from PEM files and checked before anything uses them: the key belongs to the first
 * certificate, that certificate is valid now, and, when authorities are given, one of them issued
 * it. Files caught half-written during a rotation therefore fail the check instead of reaching a
 * handshake. {@link #fingerprint()} changes whenever any of the files does.
 */
public record TlsMaterial(List<X509Certificate> chain, PrivateKey key, List<X509Certificate> authorities,
        String fingerprint) {

    /** Material that does not hold together; the message says what is wrong and where. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        public Invalid(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Where a process finds its TLS material. {@code authorities} may be absent (no client certificates checked). */
    public record Sources(Path certificate, Path key, Optional<Path> authorities) {
        public TlsMaterial load() throws Invalid {
            return TlsMaterial.load(this);
        }

        @Override
        public String toString() {
            return certificate + " and its key" + authorities.map(a -> ", anchors " + a).orElse("");
        }
    }

    public TlsMaterial {
        chain = List.copyOf(chain);
        authorities = List.copyOf(authorities);
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** The leaf's serial number in hex, as operators see it (openssl x509 -serial). */
    public String serial() {
        return leaf().getSerialNumber().toString(16).toUpperCase();
    }

    /** A PKCS#12 store in memory with the identity under {@code alias} (the key never touches disk). */
    public KeyStore keyStore(String alias) throws GeneralSecurityException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(alias, key, new char[0], chain.toArray(new X509Certificate[0]));
            return ks;
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** A store in memory with the authorities as trusted certificates. */
    public KeyStore trustStore() throws GeneralSecurityException {
        return trustStoreOf(authorities);
    }

    /** A store in memory with {@code anchors} as trusted certificates. */
    public static KeyStore trustStoreOf(List<X509Certificate> anchors) throws GeneralSecurityException {
        try {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            int i = 0;
            for (X509Certificate ca : anchors) {
                ts.setCertificateEntry("ca-" + i++, ca);
            }
            return ts;
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /**
     * A TLS client context that trusts only {@code anchors} (PKIX) and, when given, presents
     * {@code identity}'s certificate. Each call makes a new context: nothing is resumed from another.
     */
    public static SSLContext clientContext(List<X509Certificate> anchors, Optional<TlsMaterial> identity)
            throws GeneralSecurityException {
        KeyManager[] keys = null;
        if (identity.isPresent()) {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(identity.get().keyStore("identity"), new char[0]);
            keys = kmf.getKeyManagers();
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trustStoreOf(anchors));
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keys, tmf.getTrustManagers(), null);
        return ctx;
    }

    @Override
    public String toString() {
        return "TlsMaterial[" + leaf().getSubjectX500Principal().getName() + ", serial " + serial() + "]";
    }

    static TlsMaterial load(Sources files) throws Invalid {
        byte[] certBytes = read(files.certificate(), "certificate");
        byte[] keyBytes = read(files.key(), "private key");
        byte[] caBytes = files.authorities().isPresent() ? read(files.authorities().get(), "CA certificates") : new byte[0];
        List<X509Certificate> chain;
        PrivateKey key;
        List<X509Certificate> authorities = List.of();
        try {
            chain = Pem.readCertificates(files.certificate());
            key = Pem.readPrivateKey(files.key());
            if (files.authorities().isPresent()) {
                authorities = Pem.readCertificates(files.authorities().get());
            }
        } catch (IOException | RuntimeException e) {
            throw new Invalid("cannot parse the TLS files (" + files + "): " + e.getMessage(), e);
        }
        X509Certificate leaf = chain.get(0);
        String who = leaf.getSubjectX500Principal().getName() + " (" + files.certificate() + ")";
        if (!keyMatches(key, leaf)) {
            throw new Invalid("the private key " + files.key() + " does not belong to the certificate " + who, null);
        }
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException e) {
            throw new Invalid("the certificate " + who + " expired at " + leaf.getNotAfter().toInstant(), e);
        } catch (CertificateNotYetValidException e) {
            throw new Invalid("the certificate " + who + " is not valid before " + leaf.getNotBefore().toInstant(), e);
        }
        if (!authorities.isEmpty()) {
            try {
                checkIssuedBy(chain, authorities);
            } catch (GeneralSecurityException e) {
                throw new Invalid("the certificate " + who + " was not issued by a CA in " + files.authorities().get()
                        + " (" + e.getMessage() + ")", e);
            }
        }
        return new TlsMaterial(chain, key, authorities, fingerprint(certBytes, keyBytes, caBytes));
    }

    /**
     * Check with PKIX (no revocation) that one of {@code anchors} issued the first certificate of
     * {@code chain}; anchors that appear in the chain are left out of the path.
     */
    public static void checkIssuedBy(List<X509Certificate> chain, List<X509Certificate> anchors)
            throws GeneralSecurityException {
        checkIssuedBy(chain, anchors, null);
    }

    /** As {@link #checkIssuedBy(List, List)}, with validity checked at {@code at} (null: now). */
    public static void checkIssuedBy(List<X509Certificate> chain, List<X509Certificate> anchors, java.util.Date at)
            throws GeneralSecurityException {
        List<X509Certificate> path = new ArrayList<>(chain);
        path.removeIf(c -> anchors.stream().anyMatch(ca -> ca.equals(c)));
        if (path.isEmpty()) {
            throw new GeneralSecurityException("the chain holds only CA certificates");
        }
        Set<TrustAnchor> trust = new HashSet<>();
        for (X509Certificate ca : anchors) {
            trust.add(new TrustAnchor(ca, null));
        }
        PKIXParameters params = new PKIXParameters(trust);
        params.setRevocationEnabled(false);
        if (at != null) {
            params.setDate(at);
        }
        CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
        CertPathValidator.getInstance("PKIX").validate(certPath, params);
    }

    private static boolean keyMatches(PrivateKey key, X509Certificate leaf) {
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            String algorithm = TransportKeyAttestation.algorithmFor(key);
            Signature s = Signature.getInstance(algorithm);
            s.initSign(key);
            s.update(probe);
            byte[] signature = s.sign();
            Signature v = Signature.getInstance(algorithm);
            v.initVerify(leaf.getPublicKey());
            v.update(probe);
            return v.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static byte[] read(Path file, String what) throws Invalid {
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (IOException e) {
            throw new Invalid("cannot read the " + what + " file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String fingerprint(byte[]... parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                d.update(java.nio.ByteBuffer.allocate(4).putInt(p.length).array());
                d.update(p);
            }
            return HexFormat.of().formatHex(d.digest(), 0, 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
